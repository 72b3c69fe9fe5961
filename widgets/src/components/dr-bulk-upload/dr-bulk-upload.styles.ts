import { css } from 'lit';

export const bulkUploadStyles = css`
  [part='base'] {
    gap: calc(var(--_space) * 0.75);
  }
  [part='dropzone'] {
    display: grid;
    justify-items: center;
    gap: 0.5em;
    padding: calc(var(--_space) * 1.5) var(--_space);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    text-align: center;
  }
  [part='dropzone'].dragging {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  p {
    margin: 0;
  }
  .lead {
    font-weight: 600;
  }
  .note,
  .figures,
  .placeholder {
    color: var(--_muted);
    font-size: 0.875em;
  }
  a {
    color: var(--_accent);
  }
  button,
  .button {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.4em 0.9em;
    cursor: pointer;
  }
  button.secondary {
    color: var(--_text);
    background: var(--_surface);
    border-color: var(--_border);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .pick:focus-within {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em 1em;
    overflow-wrap: anywhere;
  }
  [part='progress'] {
    display: grid;
    gap: 0.5em;
  }
  .bar-line {
    display: flex;
    align-items: center;
    gap: 0.75em;
  }
  [part='progress-bar'] {
    flex: 1;
    height: 0.75em;
    accent-color: var(--_accent);
  }
  .percent {
    min-width: 3.5em;
    text-align: end;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .failed {
    color: var(--_danger);
    font-weight: 600;
  }
  .actions,
  [part='downloads'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.25em;
  }
  th,
  td {
    padding: 0.35em 0.6em;
    vertical-align: top;
  }
  th {
    color: var(--_muted);
    font-weight: 600;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .problem p {
    margin-top: 0.35em;
  }
  code {
    font-size: 0.9em;
    padding: 0 0.25em;
    border-radius: 3px;
    background: color-mix(in srgb, var(--_text) 8%, transparent);
  }
`;
