import { css } from 'lit';

/**
 * The data tables' common ground: a horizontal scroller around a full-width table with ruled rows.
 * Each widget's own styles come after these and set cell padding, wrapping and alignment.
 */
export const tableStyles = css`
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
    border-bottom: 1px solid var(--_border);
  }
`;
