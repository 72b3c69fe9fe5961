import { css } from 'lit';

/**
 * Inputs, selects and buttons drawn from the shared tokens rather than the browser's look. At 1rem
 * text, iOS Safari does not zoom into a focused field. Each widget's own styles come after these
 * and set padding and the buttons' accent.
 */
export const formControlStyles = css`
  input,
  select,
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  input,
  select {
    font-size: 1rem;
  }
`;
