import { css } from 'lit';

/** The PD headline of a score (the risk card's and the analysis form's): big PD, its range and the rating beside it. */
export const pdFiguresStyles = css`
  .figures {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1.5em;
  }
  .pd {
    font-size: 2em;
    font-weight: 700;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
  }
  .interval,
  .rating {
    display: block;
    color: var(--_muted);
    font-size: 0.8125em;
  }
`;
