import { css } from 'lit';

/**
 * The bordered card every data widget and admin panel draws as its `base` part. Each widget's own
 * styles come after these and set the card's `gap`, and `container-type` where its layout follows
 * its own width rather than the viewport's.
 */
export const cardStyles = css`
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
  }
`;
