import { ContextRoot, createContext } from '@lit/context';
import type { DrApiClient } from './api-client.ts';

export const THEMES = ['light', 'dark'] as const;
/** Colour scheme of the widgets under a provider. */
export type DrTheme = (typeof THEMES)[number];

/** What a <dr-provider> gives the widgets inside it. */
export interface DrConnection {
  apiBase: string;
  token: string | undefined;
  theme: DrTheme;
  /**
   * Stable while apiBase stays the same, so a token refresh does not reload the widgets. Undefined
   * until the host gives a token or a refreshToken callback: widgets wait rather than fail with 401.
   */
  client: DrApiClient | undefined;
}

/** Context key shared by every copy of the widgets on a page (Symbol.for, not a module-local symbol). */
export const connectionContext = createContext<DrConnection | undefined>(Symbol.for('dr-connection'));

// Hosts may load a widget's module before dr-provider.js; the root replays the widget's context
// request once the provider is defined, instead of leaving the widget waiting forever.
const rootKey = Symbol.for('dr-context-root');
const doc = document as Document & { [rootKey]?: ContextRoot };
if (!doc[rootKey]) {
  doc[rootKey] = new ContextRoot();
  doc[rootKey].attach(document.documentElement);
}
