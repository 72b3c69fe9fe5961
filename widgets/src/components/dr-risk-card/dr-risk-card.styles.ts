import { css } from 'lit';

export const riskCardStyles = css`
  :host {
    container-type: inline-size;
  }
  [part='base'] {
    gap: calc(var(--_space) * 0.75);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25em 1em;
  }
  h2 {
    margin: 0;
    font-size: 1.125em;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .trend {
    display: flex;
    align-items: center;
    gap: 0.75em;
    color: var(--_accent);
  }
  [part='sparkline'] {
    flex: 1 1 8em;
    max-width: 16em;
    height: 2.5em;
    overflow: visible;
  }
  .change {
    color: var(--_muted);
    font-size: 0.875em;
    white-space: nowrap;
  }
  .placeholder {
    color: var(--_muted);
    margin: 0;
  }
  .threshold {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875em;
    font-weight: 600;
  }
`;
