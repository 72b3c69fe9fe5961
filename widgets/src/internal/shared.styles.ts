import { css } from 'lit';

/**
 * Design tokens every widget reads, with their light defaults. Hosts override any `--dr-*` property
 * (on the widget, the provider or an ancestor); `<dr-provider theme="dark">` sets the dark set.
 */
export const sharedStyles = css`
  :host {
    --_surface: var(--dr-color-surface, #ffffff);
    --_text: var(--dr-color-text, #1f2328);
    --_muted: var(--dr-color-text-muted, #59636e);
    --_border: var(--dr-color-border, #d1d9e0);
    --_accent: var(--dr-color-accent, #0b5cad);
    /* Text on an accent background (primary buttons); the dark theme's light accent needs dark text. */
    --_on-accent: var(--dr-color-on-accent, #ffffff);
    --_danger: var(--dr-color-danger, #b42318);
    --_radius: var(--dr-radius, 8px);
    --_space: var(--dr-space, 1rem);
    --_font: var(--dr-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_band-low: var(--dr-color-band-low, #1a7f37);
    --_band-medium: var(--dr-color-band-medium, #8a5a00);
    --_band-high: var(--dr-color-band-high, #bc4c00);
    --_band-critical: var(--dr-color-band-critical, #cf222e);
    font-family: var(--_font);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .band {
    display: inline-block;
    padding: 0.1em 0.6em;
    border-radius: 999px;
    color: #ffffff;
    font-size: 0.8125em;
    font-weight: 600;
    line-height: 1.5;
  }
  .band[data-band='low'] { background: var(--_band-low); }
  .band[data-band='medium'] { background: var(--_band-medium); }
  .band[data-band='high'] { background: var(--_band-high); }
  .band[data-band='critical'] { background: var(--_band-critical); }
  .problem {
    border-inline-start: 4px solid var(--_danger);
    padding: 0.5em 0.75em;
  }
  .problem strong {
    display: block;
    color: var(--_danger);
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
