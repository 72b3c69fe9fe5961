import { css } from 'lit';

export const companyAnalysisStyles = css`
  :host {
    container-type: inline-size;
  }
  [part='base'] {
    gap: var(--_space);
  }
  @container (min-width: 44rem) {
    [part='base'] {
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      align-items: start;
    }
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    margin: 0;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75em;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.5em;
  }
  .note,
  .required {
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.8125em;
  }
  .period {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
  .period input {
    width: 6em;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.5em 0.75em;
  }
  .field {
    display: grid;
    gap: 0.2em;
    align-content: start;
  }
  .field label,
  .what-if-inputs label {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  input,
  select,
  button {
    padding: 0.3em 0.5em;
    min-width: 0;
  }
  .field input {
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.8125em;
  }
  .field-error:empty {
    display: none;
  }
  details summary {
    cursor: pointer;
    font-size: 0.875em;
    color: var(--_accent);
    margin-bottom: 0.5em;
  }
  button {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .outcome {
    display: grid;
    gap: var(--_space);
    align-content: start;
  }
  [part='result'] {
    display: grid;
    gap: 0.75em;
  }
  /* Busy is shown by the "Scoring…" line, not by fading: faded text fails contrast. */
  [part='result'][aria-busy='true'] {
    cursor: progress;
  }
  :host {
    --_driver-bar-width: 4em;
  }
  [part='what-if'] {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
    gap: 0.5em;
  }
  .what-if-inputs {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5em;
  }
  .what-if-inputs input {
    width: 5em;
  }
  .answer {
    margin: 0;
    font-size: 0.9375em;
  }
  .placeholder {
    color: var(--_muted);
    margin: 0;
  }
`;
