import { css } from 'lit';

export const tenantAdminPanelStyles = css`
  .origins {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4em;
  }
  .origins li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2em 0.5em;
    align-items: center;
  }
  .origins input {
    flex: 1 1 16rem;
    max-width: 32rem;
  }
  .origins .field-error {
    flex-basis: 100%;
    overflow-wrap: anywhere;
  }
  .membership .fields {
    grid-template-columns: repeat(auto-fill, minmax(11rem, 16rem));
  }
  .editor {
    display: grid;
    gap: 0.75em;
  }
  .editor-row > td {
    border-bottom: 1px solid var(--_border);
    padding-top: 0;
  }
`;
