import { css } from 'lit';

export const superAdminPanelStyles = css`
  textarea {
    font: inherit;
    font-size: 1rem;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.35em 0.6em;
    resize: vertical;
    min-width: 0;
  }
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .figure-groups {
    display: grid;
    gap: 0.75em;
  }
  .figure-group {
    display: grid;
    gap: 0.4em;
  }
  .figure-group h4 {
    color: var(--_muted);
    font-weight: 600;
  }
  .editor {
    display: grid;
    gap: 0.75em;
  }
  .editor-row > td {
    padding-top: 0;
  }
`;
