import { css } from 'lit';

export const companyTableStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    box-sizing: border-box;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: end;
  }
  label {
    display: grid;
    gap: 0.25em;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  input,
  select,
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.35em 0.6em;
  }
  input,
  select {
    font-size: 1rem;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875em;
  }
  th,
  td {
    text-align: start;
    padding: 0.5em 0.75em;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  th {
    color: var(--_muted);
    font-weight: 600;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  th button,
  td button {
    border: 0;
    padding: 0;
    background: none;
    font-weight: inherit;
    cursor: pointer;
    text-align: inherit;
  }
  th button {
    color: inherit;
  }
  td button {
    color: var(--_accent);
    white-space: normal;
    text-align: start;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  [aria-busy='true'] tbody {
    opacity: 0.6;
  }
  [part='pager'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1em;
    font-size: 0.875em;
  }
  [part='pager'] button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .placeholder {
    color: var(--_muted);
    margin: 0;
  }
`;
