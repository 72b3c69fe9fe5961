import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { DrApiClient } from '../../internal/api-client.ts';
import { fieldProblemsOf } from '../../internal/form-problems.ts';
import { toProblem, type DrProblem } from '../../internal/problem.ts';
import type { AdminChangeAction } from '../../events/dr-admin-change.ts';
import type { Confirmation } from '../../internal/confirm-dialog.ts';

/** Who is administering which organization: what every section needs to load and to decide what it offers. */
export interface AdminScope {
  client: DrApiClient;
  me: components['schemas']['Me'];
  organization: components['schemas']['Organization'];
  /** Whether the caller's role may perform `action` of the permission matrix (GET /v1/me). */
  can(action: string): boolean;
}

/** What the panel offers its sections. */
export interface AdminPanelHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Undefined until the caller and the organization are known. */
  readonly scope: AdminScope | undefined;
  /** Opens the panel's confirmation dialog; the change runs only if the user confirms, and its refusal shows in the dialog. */
  confirm(confirmation: Confirmation): void;
  /** Announces an accepted change (`dr-admin-change`) and refreshes the organization's figures. */
  reportChange(action: AdminChangeAction, targetId: string): void;
  /** Announces a problem (`dr-error`); the section shows it too. */
  reportProblem(problem: DrProblem): void;
}

/** A change an action made, for `dr-admin-change`. */
export interface AdminChange {
  action: AdminChangeAction;
  targetId: string;
}

/**
 * One area of the panel (members, invitations, …): a controller that owns its requests and the
 * state of its forms, and renders itself into the panel's shadow root. Controllers rather than
 * child elements, so the panel stays one public tag with one set of parts and styles.
 */
export abstract class AdminSection implements ReactiveController {
  protected readonly host: AdminPanelHost;
  /** Key of the action in flight (`invite`, `remove:<userId>`), to disable its controls. */
  protected busyKey: string | undefined;
  /** The last failed action and why, shown next to its form or row. */
  protected failed: { key: string; error: DrProblem } | undefined;

  constructor(host: AdminPanelHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the caller may see this section at all. */
  abstract isVisible(scope: AdminScope): boolean;

  /** True once the first load has answered (data or problem), for the panel's `dr-loaded`. */
  abstract get hasSettled(): boolean;

  abstract render(scope: AdminScope): TemplateResult;

  /** The problem of a failed action `key`, if that is what failed last. */
  protected errorOf(key: string): DrProblem | undefined {
    return this.failed?.key === key ? this.failed.error : undefined;
  }

  /** The field problems of a failed action `key` (pointer below `/body/` → detail). */
  protected fieldProblems(key: string): Record<string, string> {
    return fieldProblemsOf(this.errorOf(key));
  }

  /**
   * Runs one change against the API: disables its controls meanwhile; on success `onDone` takes the
   * API's answer and names the change, which is reported (`dr-admin-change`); on failure the problem
   * is kept for the form or row that caused it. Problems the form shows at its own fields are the
   * user's to correct and do not fire `dr-error` (as in <dr-company-analysis>); all others do.
   * Resolves true when the API accepted the change.
   */
  protected async act<T>(key: string, call: () => Promise<T>, onDone: (result: T) => AdminChange, formFields: readonly string[] = []): Promise<boolean> {
    this.busyKey = key;
    this.failed = undefined;
    this.host.requestUpdate();
    try {
      const result = await call();
      const change = onDone(result);
      this.host.reportChange(change.action, change.targetId);
      return true;
    } catch (error) {
      const problem = toProblem(error);
      this.failed = { key, error: problem };
      const fields = Object.keys(fieldProblemsOf(problem));
      if (fields.length === 0 || !fields.every((f) => formFields.includes(f))) this.host.reportProblem(problem);
      return false;
    } finally {
      this.busyKey = undefined;
      this.host.requestUpdate();
    }
  }

  /**
   * Asks first (the panel's modal dialog), then makes the change. A refusal stays in the dialog,
   * where the user is looking, and fires `dr-error`; an accepted change is reported.
   */
  protected confirmChange<T>(question: Pick<Confirmation, 'title' | 'message' | 'confirmLabel'>, call: () => Promise<T>, onDone: (result: T) => AdminChange): void {
    this.failed = undefined;
    this.host.confirm({
      ...question,
      action: async () => {
        const change = onDone(await call());
        this.host.reportChange(change.action, change.targetId);
      },
    });
  }

  /**
   * Puts the keyboard focus on an element of the panel once the current task is over (the
   * confirmation dialog has closed and given the focus back) and the panel has rendered; used when
   * the row that had the focus is about to disappear.
   */
  protected focusSoon(selector: string): void {
    setTimeout(async () => {
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
    });
  }
}
