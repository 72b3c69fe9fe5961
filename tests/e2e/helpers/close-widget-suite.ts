import type { Browser } from 'playwright-core';
import type { TenantFixture } from '../../factories/tenant-fixture.ts';
import type { TestApp } from '../../helpers/test-app.ts';
import type { WidgetHost } from './widget-host.ts';

/** What a widget test's beforeAll opens; each is unset when beforeAll failed before opening it. */
export interface WidgetSuite {
  browser?: Browser;
  host?: WidgetHost;
  fixture?: TenantFixture;
  app?: TestApp;
}

/**
 * Closes a widget test's browser, host page server, tenant and app, in the reverse order of opening:
 * the tenant goes before the app whose database connection deletes it.
 */
export async function closeWidgetSuite({ browser, host, fixture, app }: WidgetSuite): Promise<void> {
  await browser?.close();
  await host?.close();
  await fixture?.cleanup();
  await app?.close();
}
