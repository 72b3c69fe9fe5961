import { css } from 'lit';

export const companyTableStyles = css`
  [part='base'] {
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
    padding: 0.35em 0.6em;
  }
  th,
  td {
    padding: 0.5em 0.75em;
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
  tbody tr:not(.spacer) {
    cursor: pointer;
  }
  tbody tr:not(.spacer):hover {
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  /* Paged, the whole page is being replaced; virtualized, the rows on screen stay valid while more load. */
  :host(:not([virtualized])) [aria-busy='true'] tbody {
    opacity: 0.6;
  }
  /* Not colour alone: the marker glyph says it too, and screen readers get the words. */
  tr[data-breached] td:first-child {
    box-shadow: inset 3px 0 0 var(--_danger);
  }
  tr[data-breached] .num {
    color: var(--_danger);
    font-weight: 600;
  }
  .marker {
    margin-inline-end: 0.35em;
    font-size: 0.75em;
    /* The glyph may come from a fallback font with taller metrics; it must not make its row taller. */
    line-height: 1;
  }
  [part='status'] {
    margin: 0;
    font-size: 0.875em;
    color: var(--_muted);
  }

  /*
   * Virtualized: the body scrolls inside a box no taller than --dr-table-max-height (shorter lists
   * shrink it). Rows are one line high and columns fixed, so every row is as tall as the measured
   * one and columns do not jump as rows come and go.
   */
  :host([virtualized]) .scroll {
    max-height: var(--dr-table-max-height, 28rem);
    overflow: auto;
    /* The spacer rows change height as rows are swapped; anchoring would fight the scroll position. */
    overflow-anchor: none;
    border-block: 1px solid var(--_border);
  }
  :host([virtualized]) .scroll:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  :host([virtualized]) table {
    table-layout: fixed;
    min-width: 38rem;
  }
  :host([virtualized]) thead {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--_surface);
  }
  :host([virtualized]) thead th {
    /* A sticky header loses its collapsed border while scrolling; a shadow stays with it. */
    border-bottom: 0;
    box-shadow: inset 0 -1px 0 var(--_border);
  }
  :host([virtualized]) th:nth-child(1) { width: 31%; }
  :host([virtualized]) th:nth-child(2) { width: 18%; }
  :host([virtualized]) th:nth-child(3) { width: 15%; }
  :host([virtualized]) th:nth-child(4) { width: 13%; }
  :host([virtualized]) th:nth-child(5) { width: 9%; }
  :host([virtualized]) th:nth-child(6) { width: 14%; }
  :host([virtualized]) td {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  :host([virtualized]) td:first-child {
    overflow: visible;
  }
  :host([virtualized]) td button {
    display: block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  tr.spacer td {
    padding: 0;
    border: 0;
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
  .problem button {
    display: block;
    margin-block-start: 0.5em;
  }
`;
