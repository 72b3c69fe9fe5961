import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { problemAlert } from './form-problems.ts';
import { toProblem, type DrProblem } from './problem.ts';

/** A change that needs the user's explicit yes before it is made. */
export interface Confirmation {
  /** The dialog's heading, a question ("Delete Retail Credit?"). */
  title: string;
  /** What will happen, in words. */
  message: string | TemplateResult;
  /** The confirming button ("Delete organization"). */
  confirmLabel: string;
  /** Makes the change. A rejection is shown inside the dialog, which stays open with it. */
  action: () => Promise<void>;
  /** What to do about a refusal, shown under the API's own words (e.g. how to empty an organization first). */
  hint?: (problem: DrProblem) => string | undefined;
}

type DialogHost = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };

/**
 * The confirmation step of destructive actions: a modal <dialog> (focus kept inside, Escape
 * cancels, focus returns to the button that opened it) whose Cancel button has the focus, so a
 * stray Enter never deletes anything. The API's refusal (a 409, say) is shown in the dialog, where
 * the user is looking, rather than somewhere behind it.
 */
export class ConfirmController implements ReactiveController {
  #host: DialogHost;
  #onProblem: (problem: DrProblem) => void;
  #pending?: Confirmation;
  #problem?: DrProblem;
  #isRunning = false;

  /** `onProblem` reports a refused change (the panel fires dr-error with it). */
  constructor(host: DialogHost, onProblem: (problem: DrProblem) => void) {
    this.#host = host;
    this.#onProblem = onProblem;
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    const dialog = this.#dialog();
    if (this.#pending && dialog && !dialog.open) dialog.showModal();
  }

  /** Opens the dialog for one change. */
  ask(confirmation: Confirmation): void {
    this.#pending = confirmation;
    this.#problem = undefined;
    this.#isRunning = false;
    this.#host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    const pending = this.#pending;
    if (!pending) return nothing;
    return html`<dialog part="dialog" class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-message" @cancel=${this.#onCancel} @close=${this.#onClose}>
      <h2 id="confirm-title">${pending.title}</h2>
      <p id="confirm-message">${pending.message}</p>
      ${this.#problem ? problemAlert(this.#problem) : nothing}
      ${this.#problem && pending.hint?.(this.#problem) ? html`<p class="hint">${pending.hint(this.#problem)}</p>` : nothing}
      <div class="actions">
        <button type="button" class="secondary" autofocus @click=${() => this.#dialog()?.close()} ?disabled=${this.#isRunning}>${this.#problem ? 'Close' : 'Cancel'}</button>
        <button type="button" class="danger" @click=${this.#confirm} ?disabled=${this.#isRunning || this.#problem !== undefined}>
          ${this.#isRunning ? 'Working…' : pending.confirmLabel}
        </button>
      </div>
    </dialog>`;
  }

  #dialog(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector('dialog.confirm');
  }

  #onCancel = (event: Event): void => {
    // A request in flight cannot be called back; the dialog says how it ended.
    if (this.#isRunning) event.preventDefault();
  };

  #onClose = (): void => {
    this.#pending = undefined;
    this.#problem = undefined;
    this.#host.requestUpdate();
  };

  #confirm = async (): Promise<void> => {
    const pending = this.#pending;
    if (!pending || this.#isRunning) return;
    this.#isRunning = true;
    this.#host.requestUpdate();
    try {
      await pending.action();
      this.#isRunning = false;
      this.#dialog()?.close();
    } catch (error) {
      this.#isRunning = false;
      this.#problem = toProblem(error);
      this.#onProblem(this.#problem);
      this.#host.requestUpdate();
      // The Cancel button was disabled while the request ran; give the focus back to it (now "Close").
      await (this.#host as DialogHost & { updateComplete?: Promise<unknown> }).updateComplete;
      this.#dialog()?.querySelector<HTMLButtonElement>('button.secondary')?.focus();
    }
  };
}
