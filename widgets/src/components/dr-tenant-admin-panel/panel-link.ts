import type { ReactiveControllerHost } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { DrApiClient } from '../../internal/api-client.ts';
import type { Confirmation } from '../../internal/confirm-dialog.ts';
import { DrProblem } from '../../internal/problem.ts';
import type { AdminChangeAction } from '../../events/dr-admin-change.ts';

/** An organization as the tenant's figures list it: enough for pickers and names in tables. */
export type OrganizationSummary = components['schemas']['TenantStats']['organizations'][number];

/** The sections of the panel; the panel has loaded once each has shown its first data. */
export const PANEL_SECTIONS = ['figures', 'organizations', 'users', 'embed-origins'] as const;
export type PanelSection = (typeof PANEL_SECTIONS)[number];

/** The element a section renders into (a LitElement). */
export type SectionHost = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment; updateComplete: Promise<boolean> };

/**
 * What a section of <dr-tenant-admin-panel> gets from the panel: the API client, the tenant it
 * manages, and one way to report each outcome, so that events are fired and the other sections
 * refreshed in one place.
 */
export interface PanelLink {
  readonly client: DrApiClient | undefined;
  /** Undefined until the panel knows its tenant (the attribute, or the caller's own from /v1/me). */
  readonly tenantId: string | undefined;
  /** Every organization of the tenant, by name (from its figures, which are not paged). */
  readonly organizations: readonly OrganizationSummary[];
  /** After the API accepted a change: fires dr-admin-change and reloads what shows the same data. */
  changed(action: AdminChangeAction, targetId: string): void;
  /** A problem the section shows; the panel fires dr-error with it. */
  failed(problem: DrProblem): void;
  /** The section's first data is on screen. */
  loaded(section: PanelSection): void;
  /** Asks the user to confirm a destructive change in the panel's dialog. */
  confirm(confirmation: Confirmation): void;
}

/** The panel's API client, or the problem a change made without one answers with. */
export function requireClient(link: Pick<PanelLink, 'client'>): DrApiClient {
  if (link.client) return link.client;
  throw new DrProblem({ type: '/problems/no-provider', title: 'Not connected', status: 0, detail: 'The panel has no <dr-provider> with a token around it.' });
}
