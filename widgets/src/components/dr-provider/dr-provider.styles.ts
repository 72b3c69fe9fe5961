import { css } from 'lit';

export const providerStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  /* The dark set of design tokens; inherited by every widget under the provider. */
  :host([theme='dark']) {
    color-scheme: dark;
    --dr-color-surface: #161b22;
    --dr-color-text: #e6edf3;
    --dr-color-text-muted: #9198a1;
    --dr-color-border: #3d444d;
    --dr-color-accent: #4493f8;
    /* White on #4493f8 is 3.1:1 (axe: color-contrast); this is 6.1:1. */
    --dr-color-on-accent: #0d1117;
    --dr-color-danger: #ff7b72;
    --dr-color-band-low: #238636;
    --dr-color-band-medium: #9e6a03;
    --dr-color-band-high: #bd561d;
    --dr-color-band-critical: #da3633;
  }
`;
