import { css } from 'lit';

/** What the organization panel adds to the admin panels' shared layout (internal/admin.styles.ts). */
export const orgAdminPanelStyles = css`
  header {
    display: grid;
    gap: 0.25em;
  }
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: 0.5em 1em;
  }
  .section-head .filters label {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  /* Headings take the focus after the row that had it is gone; only a keyboard user needs to see where it went. */
  h3:focus {
    outline: none;
  }
  h3:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .notice {
    padding: 0.6em 0.8em;
    border-inline-start: 4px solid var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
    font-size: 0.9375em;
  }
  /* An email address needs more room than a role. */
  #invite-form .fields {
    display: flex;
    flex-wrap: wrap;
  }
  #invite-form .field {
    flex: 1 1 10rem;
  }
  #invite-form .field:first-child {
    flex: 2 1 16rem;
  }
  .field input[type='number'] {
    max-width: 10em;
  }
  fieldset .check {
    align-items: flex-start;
    overflow-wrap: anywhere;
  }
  fieldset .check input {
    margin-top: 0.2em;
  }
  .tag,
  .pill {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 1px solid var(--_border);
    font-size: 0.8125em;
    font-weight: 600;
    line-height: 1.6;
    white-space: nowrap;
  }
  .tag {
    color: var(--_muted);
  }
  /* The band colours are too dark for small text on the dark surface: they colour the outline, and the text keeps its contrast. */
  .pill[data-tone='good'] {
    border-color: var(--_band-low);
  }
  .pill[data-tone='wait'] {
    border-color: var(--_band-medium);
  }
  .pill[data-tone='bad'] {
    color: var(--_danger);
    border-color: currentColor;
  }
  .events {
    margin: 0;
    padding: 0;
    list-style: none;
    white-space: nowrap;
  }
  th.url {
    min-width: 14em;
  }
  td.row-actions.wraps {
    white-space: normal;
  }
  td.row-actions.wraps button {
    margin-block: 0.15em;
  }
  tr[data-revoked='true'] :is(th, td) {
    color: var(--_muted);
  }
  tr.detail > td {
    background: color-mix(in srgb, var(--_text) 4%, transparent);
  }
  tr.detail table {
    font-size: 1em;
  }
  tr.detail caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.25em;
    overflow-wrap: anywhere;
  }
  .token-state {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5em;
    font-size: 0.9375em;
  }
  .secret {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_accent) 6%, transparent);
  }
  .secret-title {
    overflow-wrap: anywhere;
  }
  .secret-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .secret-value {
    flex: 1 1 18em;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875rem;
    /* Room below the baseline: at the default line height the underscores of the secrets are clipped. */
    line-height: 1.6;
  }
  .origins {
    margin: 0;
    padding-inline-start: 1.25em;
    display: grid;
    gap: 0.25em;
    overflow-wrap: anywhere;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    padding: 0 0.25em;
    border-radius: 3px;
    background: color-mix(in srgb, var(--_text) 8%, transparent);
  }
`;
