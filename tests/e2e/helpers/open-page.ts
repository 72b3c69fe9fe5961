import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { collectErrors, type PageErrors } from './chromium.ts';

export interface OpenPageOptions extends BrowserContextOptions {
  /** Playwright's default for every wait of the page; uploads and jobs want longer than 10 s. */
  timeoutMs?: number;
  /** Runs on the new page before it navigates, for listeners that must see the first requests. */
  beforeGoto?: (page: Page) => void | Promise<void>;
}

export interface OpenedPage {
  page: Page;
  errors: PageErrors;
}

/**
 * `url` in a fresh browser context (en-US, so dates and numbers read the same on every machine),
 * collecting the page's console errors from the start, for "never throws into the host" checks.
 */
export async function openPage(browser: Browser, url: string, { timeoutMs = 10_000, beforeGoto, ...contextOptions }: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'en-US', ...contextOptions });
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await beforeGoto?.(page);
  await page.goto(url);
  return { page, errors };
}
