import { css } from 'lit';

export const portfolioChartStyles = css`
  :host {
    container-type: inline-size;
  }
  [part='base'] {
    gap: var(--_space);
  }
  [part='summary'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 2em;
    margin: 0;
  }
  [part='summary'] div {
    display: grid;
  }
  dt {
    color: var(--_muted);
    font-size: 0.8125em;
  }
  dd {
    margin: 0;
    font-size: 1.375em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .charts {
    display: grid;
    gap: var(--_space);
    grid-template-columns: minmax(0, 1fr);
  }
  @container (min-width: 40rem) {
    .charts {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    [part='trend'] {
      grid-column: 1 / -1;
    }
  }
  figure {
    margin: 0;
    display: grid;
    gap: 0.5em;
    align-content: start;
  }
  figcaption {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.25em 1em;
    font-size: 0.875em;
    font-weight: 600;
  }
  .note {
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.8125em;
  }
  svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
  }
  svg text {
    font-family: var(--_font);
    font-size: 10px;
    fill: var(--_muted);
  }
  svg .value {
    fill: var(--_text);
    font-weight: 600;
  }
  svg .axis,
  svg .grid {
    stroke: var(--_border);
    stroke-width: 1;
  }
  svg .grid {
    stroke-dasharray: 2 3;
  }
  .bar rect {
    fill: var(--_accent);
  }
  .bar[data-tone='low'] rect { fill: var(--_band-low); }
  .bar[data-tone='medium'] rect { fill: var(--_band-medium); }
  .bar[data-tone='high'] rect { fill: var(--_band-high); }
  .bar[data-tone='critical'] rect { fill: var(--_band-critical); }
  .line {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 2;
    stroke-linejoin: round;
  }
  .point {
    fill: var(--_surface);
    stroke: var(--_accent);
    stroke-width: 2;
  }
  .period {
    display: inline-flex;
    gap: 0.75em;
    margin: 0;
    padding: 0;
    border: 0;
    font-weight: 400;
    font-size: 0.8125rem;
  }
  .period label {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    cursor: pointer;
  }
  .period input {
    accent-color: var(--_accent);
    margin: 0;
  }
  .placeholder {
    color: var(--_muted);
    margin: 0;
  }
`;
