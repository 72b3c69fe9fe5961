import { LitElement, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { createApiClient, type DrApiClient } from '../../internal/api-client.ts';
import { connectionContext, type DrTheme } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { jwtExpiryMs } from '../../internal/jwt.ts';
import { DrTokenExpiringEvent } from '../../events/dr-token-expiring.ts';
import { providerStyles } from './dr-provider.styles.ts';

/** How long before a token's expiry the provider warns the host. */
const EXPIRY_WARNING_MS = 30_000;
/** setTimeout's ceiling (about 24.8 days); longer delays would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * @summary Holds the API base URL, the bearer token and the theme, and gives them to every
 * DefaultRate widget inside it.
 *
 * @event dr-token-expiring - About 30 s before the token expires. Set a new `token` in the handler,
 *   or let the provider call `refreshToken`.
 *
 * @slot - The widgets.
 *
 * @cssproperty --dr-color-surface - Widget background.
 * @cssproperty --dr-color-text - Text colour.
 * @cssproperty --dr-color-accent - Links, focus rings, sparkline.
 */
export class DrProvider extends LitElement {
  static override styles = providerStyles;

  /** Base URL of the DefaultRate API, e.g. `https://api.defaultrate.example` (default: this page's origin). */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** Bearer token for the API: an embed token minted by the host's backend (or a user's access token). */
  @property() token = '';

  /** Colour scheme: `light` or `dark`. */
  @property({ reflect: true }) theme: DrTheme = 'light';

  /**
   * Asked for a new token when the API answers 401 or the token is about to expire. The provider
   * calls it at most once at a time, retries the failed request once, and keeps the token it returns.
   */
  @property({ attribute: false }) refreshToken?: () => Promise<string>;

  #client?: DrApiClient;
  #clientBase?: string;
  #renewal?: Promise<string | undefined>;
  #expiryTimer?: ReturnType<typeof setTimeout>;
  #provider = new ContextProvider(this, { context: connectionContext });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#expiryTimer);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#scheduleExpiryWarning();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (['apiBase', 'token', 'theme', 'refreshToken'].some((key) => changed.has(key as keyof DrProvider)) || !this.#provider.value) {
      const hasCredentials = Boolean(this.token || this.refreshToken);
      this.#provider.setValue({ apiBase: this.#base(), token: this.token || undefined, theme: this.theme, client: hasCredentials ? this.#apiClient() : undefined });
    }
    if (changed.has('token')) this.#scheduleExpiryWarning();
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  #base(): string {
    return this.apiBase || window.location.origin;
  }

  #apiClient(): DrApiClient {
    const base = this.#base();
    if (!this.#client || this.#clientBase !== base) {
      this.#clientBase = base;
      this.#client = createApiClient(base, {
        currentToken: () => this.token || undefined,
        renewToken: () => this.#renewToken(),
      });
    }
    return this.#client;
  }

  /** One renewal at a time: widgets that got a 401 together wait for the same new token. */
  #renewToken(): Promise<string | undefined> {
    const refresh = this.refreshToken;
    if (!refresh) return Promise.resolve(undefined);
    this.#renewal ??= (async () => {
      try {
        const token = await refresh();
        if (token) this.token = token;
        return token || undefined;
      } catch {
        // The failed request's own 401 problem is what the widget shows; the host's callback error stays with the host.
        return undefined;
      } finally {
        this.#renewal = undefined;
      }
    })();
    return this.#renewal;
  }

  #scheduleExpiryWarning(): void {
    clearTimeout(this.#expiryTimer);
    const expiresAt = jwtExpiryMs(this.token);
    if (expiresAt === undefined || !this.isConnected) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - EXPIRY_WARNING_MS - Date.now()));
    this.#expiryTimer = setTimeout(() => {
      const proceed = this.dispatchEvent(new DrTokenExpiringEvent(expiresAt));
      // Only if the host neither replaced the token nor took over (preventDefault) in its handler.
      if (proceed && jwtExpiryMs(this.token) === expiresAt) void this.#renewToken();
    }, delay);
  }
}

defineElement('dr-provider', DrProvider);

declare global {
  interface HTMLElementTagNameMap {
    'dr-provider': DrProvider;
  }
}
