import { html, nothing, type TemplateResult } from 'lit';
import { toProblem, type DrProblem } from './problem.ts';

/**
 * The field problems of a failed request, keyed by their pointer below `/body/` (`name`,
 * `admin/email`, `origins/2`); several problems of one field are joined.
 */
export function fieldProblemsOf(error: unknown): Record<string, string> {
  if (error === undefined) return {};
  const byField: Record<string, string> = {};
  for (const e of toProblem(error).errors) {
    const field = /^\/body\/(.+)$/.exec(e.pointer)?.[1];
    if (field) byField[field] = byField[field] ? `${byField[field]}; ${e.detail}` : e.detail;
  }
  return byField;
}

/** A problem's title and detail, announced as an alert. */
export function problemAlert(problem: DrProblem): TemplateResult {
  return html`<div class="problem" role="alert"><strong>${problem.title}</strong>${problem.detail}</div>`;
}

/**
 * The problem of a failed form: when the API named fields the form shows, those fields carry the
 * details and this only says so; otherwise the problem's own title and detail.
 */
export function formProblem(error: unknown, shownFields: readonly string[]): TemplateResult | typeof nothing {
  if (error === undefined) return nothing;
  const problem = toProblem(error);
  const fields = Object.keys(fieldProblemsOf(error));
  if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) {
    return html`<div class="problem" role="alert"><strong>${problem.title}</strong>Correct the marked ${fields.length === 1 ? 'field' : 'fields'}.</div>`;
  }
  return problemAlert(problem);
}

/** The error line under a field; `id` is what the input's aria-describedby points to. */
export function fieldError(id: string, message: string | undefined): TemplateResult {
  return html`<span class="field-error" id=${id}>${message ?? ''}</span>`;
}
