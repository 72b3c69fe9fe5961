import type { ReactiveControllerHost } from 'lit';
import type { DrApiClient } from '../../internal/api-client.ts';
import type { Confirmation } from '../../internal/confirm-dialog.ts';
import { DrProblem } from '../../internal/problem.ts';
import type { AdminChangeAction } from '../../events/dr-admin-change.ts';

/** The parts of the panel that load on their own; the panel has loaded once both have shown data. */
export const PANEL_SECTIONS = ['platform', 'tenants'] as const;
export type PanelSection = (typeof PANEL_SECTIONS)[number];

/** The element a section renders into (a LitElement). */
export type SectionHost = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment; updateComplete: Promise<boolean> };

/** What a section of <dr-super-admin-panel> gets from the panel: the client and one way to report each outcome. */
export interface PanelLink {
  readonly client: DrApiClient | undefined;
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
export function requireClient(link: Pick<PanelLink, 'client'>) {
  if (link.client) return link.client;
  throw new DrProblem({ type: '/problems/no-provider', title: 'Not connected', status: 0, detail: 'The panel has no <dr-provider> with a token around it.' });
}
