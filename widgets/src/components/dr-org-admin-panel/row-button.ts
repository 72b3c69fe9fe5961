import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

interface RowButtonOptions {
  isDisabled?: boolean;
  /** `secondary` (the default) or `danger` for a destructive action. */
  className?: string;
  /** For a disclosure button: whether what it controls is open, and its id. */
  isExpanded?: boolean;
  controls?: string;
}

/**
 * A button that acts on one row of a table. It shows the verb ("Remove"); its accessible name adds
 * the row it acts on ("Remove: Ann Lee"), because a screen reader user tabbing through a column of
 * identical "Remove" buttons cannot see the row. The name starts with the visible text, so voice
 * control users can say what they see (WCAG 2.5.3).
 */
export function rowButton(text: string, subject: string, onClick: () => void, options: RowButtonOptions = {}): TemplateResult {
  return html`<button
    type="button"
    class=${options.className ?? 'secondary'}
    aria-label="${text}: ${subject}"
    aria-expanded=${ifDefined(options.isExpanded === undefined ? undefined : String(options.isExpanded))}
    aria-controls=${ifDefined(options.controls)}
    ?disabled=${options.isDisabled ?? false}
    @click=${onClick}
  >
    ${text}
  </button>`;
}
