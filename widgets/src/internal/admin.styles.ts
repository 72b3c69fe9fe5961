import { css } from 'lit';

/**
 * Layout of the admin panels: sections, forms with their field errors, tables, figures, the pager
 * and the confirmation dialog. Colours come from the shared tokens only, so the dark theme and a
 * host's --dr-* overrides apply here too.
 */
export const adminStyles = css`
  :host {
    container-type: inline-size;
  }
  [part='base'] {
    gap: calc(var(--_space) * 1.25);
    min-width: 0;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.75em;
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
    overflow-wrap: anywhere;
  }
  h3 {
    margin: 0;
    font-size: 1.0625em;
  }
  h4 {
    margin: 0;
    font-size: 0.9375em;
  }
  section {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  section + section {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }
  p {
    margin: 0;
  }
  .note,
  .placeholder {
    color: var(--_muted);
    font-size: 0.875em;
  }
  form {
    margin: 0;
    display: grid;
    gap: 0.75em;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    margin: 0;
    padding: 0.5em 0.75em 0.75em;
    display: grid;
    gap: 0.5em;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    font-size: 0.875em;
    padding: 0 0.25em;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: 0.5em 0.75em;
    align-items: start;
  }
  .field {
    display: grid;
    gap: 0.2em;
    align-content: start;
    min-width: 0;
  }
  .field > label,
  .filters label {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.4em;
    font-size: 0.875em;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.8125em;
  }
  .field-error:empty {
    display: none;
  }
  input,
  select,
  button {
    padding: 0.35em 0.6em;
    min-width: 0;
  }
  input[type='checkbox'] {
    accent-color: var(--_accent);
    width: 1.05em;
    height: 1.05em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  button {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
    cursor: pointer;
    white-space: nowrap;
  }
  button.secondary {
    color: var(--_text);
    background: var(--_surface);
    border-color: var(--_border);
  }
  button.danger {
    color: var(--_danger);
    background: var(--_surface);
    border-color: var(--_danger);
  }
  button.link {
    border: 0;
    padding: 0;
    background: none;
    color: var(--_accent);
    text-align: start;
    white-space: normal;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 0.75em;
    align-items: end;
  }
  .filters label {
    display: grid;
    gap: 0.2em;
  }
  th,
  td {
    padding: 0.45em 0.6em;
    vertical-align: middle;
  }
  thead th {
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  tbody th {
    font-weight: 600;
  }
  .name {
    overflow-wrap: anywhere;
    min-width: 10em;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  td.nowrap {
    white-space: nowrap;
  }
  td.row-actions {
    white-space: nowrap;
    text-align: end;
  }
  td.row-actions button + button {
    margin-inline-start: 0.4em;
  }
  [aria-busy='true'] tbody {
    opacity: 0.6;
  }
  .sub {
    display: block;
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .status {
    font-weight: 600;
    white-space: nowrap;
  }
  .status[data-status='suspended'],
  .status[data-status='disabled'] {
    color: var(--_danger);
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1em;
    font-size: 0.875em;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.5em;
    margin: 0;
  }
  .figure {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.5em 0.75em;
    display: flex;
    flex-direction: column-reverse;
    justify-content: flex-end;
    gap: 0.1em;
  }
  .figure dt {
    color: var(--_muted);
    font-size: 0.8125em;
  }
  .figure dd {
    margin: 0;
    font-size: 1.5em;
    font-weight: 650;
    font-variant-numeric: tabular-nums;
  }
  .fill-cell {
    width: 30%;
    vertical-align: middle;
  }
  .fill {
    display: block;
    height: 0.5em;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_border) 60%, transparent);
    overflow: hidden;
  }
  .fill > span {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
  .fill[data-full='true'] > span {
    background: var(--_danger);
  }
  .editor {
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.75em;
  }
  .success {
    border-inline-start: 4px solid var(--_band-low);
    padding: 0.5em 0.75em;
  }
  dialog.confirm {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    max-width: min(32rem, calc(100vw - 2rem));
    box-sizing: border-box;
    font-family: var(--_font);
  }
  dialog.confirm::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog.confirm h2 {
    font-size: 1.125em;
    margin-bottom: 0.5em;
  }
  dialog.confirm p,
  dialog.confirm .problem {
    margin-bottom: 0.75em;
    overflow-wrap: anywhere;
  }
  dialog.confirm .actions {
    justify-content: flex-end;
  }
  dialog.confirm button.danger {
    color: var(--_on-accent);
    background: var(--_danger);
  }
`;
