import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { bandLabel, formatPd } from '../../internal/format.ts';
import { dataOf, toProblem, type DrProblem } from '../../internal/problem.ts';
import { driverBars, driverBarsStyles } from '../../internal/driver-bars.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { formControlStyles } from '../../internal/form-controls.styles.ts';
import { pdFiguresStyles } from '../../internal/pd-figures.styles.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { companyAnalysisStyles } from './dr-company-analysis.styles.ts';
import { ITEM_LABELS, MAIN_ITEMS, MORE_ITEMS, UNITS, fieldOfPointer, parseAmount, type AmountUnit, type ModelItem, type StatementInput } from './statement-fields.ts';

type ScoreResult = components['schemas']['ScoreResult'];
type WhatIfResult = components['schemas']['WhatIfResult'];

/** Pause after the last keystroke before the statement is scored. */
const SCORE_DEBOUNCE_MS = 350;
/** Drivers listed under the score. */
const TOP_DRIVERS = 5;

const amount = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const signedAmount = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/**
 * @summary A financial statement form that scores as you type (PD, band, rating, interval and the
 * main drivers) and answers "what change of one item brings the PD below a target?".
 *
 * @event dr-loaded - A score (or a what-if answer) is on screen.
 * @event dr-error - Scoring failed for a reason other than the statement itself; the widget shows
 *   the problem's title and detail. Problems with fields show next to each field instead.
 *
 * @csspart base - The outer box.
 * @csspart form - The statement form.
 * @csspart field - Each field (label, input and its error).
 * @csspart result - The score.
 * @csspart pd - The PD figure.
 * @csspart band - The band badge.
 * @csspart drivers - The list of drivers.
 * @csspart what-if - The what-if form and its answer.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-border - Borders of the box and the inputs.
 * @cssproperty --dr-color-accent - Buttons and focus rings.
 * @cssproperty --dr-color-danger - Field errors.
 * @cssproperty --dr-color-band-low - Colour of the low band (and of drivers lowering the PD); also -medium, -high, -critical.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrCompanyAnalysis extends LitElement {
  static override styles = [sharedStyles, cardStyles, formControlStyles, driverBarsStyles, pdFiguresStyles, companyAnalysisStyles];

  /** A statement to start from (amounts in its `unit`); the form keeps the user's edits afterwards. */
  @property({ attribute: false }) statement?: Partial<StatementInput>;

  /** Fiscal year of the statement (default: last year). */
  @property({ type: Number, attribute: 'fiscal-year' }) fiscalYear = new Date().getFullYear() - 1;

  /** Unit of the amounts: `millions`, `thousands` or `units`. */
  @property() unit: AmountUnit = 'millions';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  /** What the user typed, per item, as typed. */
  @state() private values: Partial<Record<ModelItem, string>> = {};
  /** The statement last sent for scoring, as JSON (a string, so an unchanged statement is not scored again). */
  @state() private requestKey = '';
  /** Items whose text is not a number (checked before anything is sent). */
  @state() private localErrors: Partial<Record<ModelItem, string>> = {};
  @state() private whatIfItem: ModelItem = 'totalLiabilities';
  @state() private targetPercent = '1';
  @state() private targetError = '';
  /** requestKey of the statement the shown what-if answer is about. */
  @state() private whatIfKey = '';

  #debounce?: ReturnType<typeof setTimeout>;

  #score = new Task(this, {
    args: () => [this.connection?.client, this.requestKey] as const,
    task: async ([client, key], { signal }): Promise<ScoreResult | typeof initialState> => {
      if (!client || !key) return initialState;
      const statement = JSON.parse(key) as StatementInput;
      return dataOf(client.POST('/v1/score', { body: { statement, explain: { top: TOP_DRIVERS } }, signal }));
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-company-analysis')),
    onError: (error) => this.#reportUnlessFieldProblem(error),
  });

  #whatIf = new Task(this, {
    autoRun: false,
    args: () => [this.connection?.client, this.requestKey, this.whatIfItem, this.targetPercent] as const,
    task: async ([client, key, item, target], { signal }): Promise<WhatIfResult | typeof initialState> => {
      if (!client || !key) return initialState;
      const statement = JSON.parse(key) as StatementInput;
      const targetPd = (parseAmount(target) ?? 0) / 100;
      const result = await dataOf(client.POST('/v1/score', { body: { statement, whatIf: { item, targetPd } }, signal }));
      this.whatIfKey = key;
      return result.whatIf ?? initialState;
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-company-analysis')),
    onError: (error) => this.#reportUnlessFieldProblem(error),
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#debounce);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('statement') && this.statement) {
      const values: Partial<Record<ModelItem, string>> = {};
      for (const item of Object.keys(ITEM_LABELS) as ModelItem[]) {
        const value = this.statement[item];
        if (typeof value === 'number') values[item] = String(value);
      }
      this.values = values;
      if (this.statement.fiscalYear) this.fiscalYear = this.statement.fiscalYear;
      if (this.statement.unit) this.unit = this.statement.unit;
    }
    if (changed.has('statement') || changed.has('fiscalYear') || changed.has('unit')) this.#submit();
  }

  /** Field problems of the last score (422 statement-invalid), keyed by statement field. */
  #fieldProblems(): Record<string, string> {
    const failed = this.#score.status === TaskStatus.ERROR ? this.#score.error : this.#whatIf.status === TaskStatus.ERROR ? this.#whatIf.error : undefined;
    const byField: Record<string, string> = {};
    if (failed === undefined) return byField;
    for (const e of toProblem(failed).errors) {
      const field = fieldOfPointer(e.pointer);
      if (field) byField[field] = byField[field] ? `${byField[field]}; ${e.detail}` : e.detail;
    }
    return byField;
  }

  #reportUnlessFieldProblem(error: unknown): void {
    const problem = toProblem(error);
    if (!problem.errors.some((e) => fieldOfPointer(e.pointer))) this.dispatchEvent(new DrErrorEvent('dr-company-analysis', problem));
  }

  protected override render() {
    const fieldProblems = this.#fieldProblems();
    return html`<section part="base" aria-label="Company analysis">
      <form part="form" @submit=${this.#onSubmit} novalidate>
        <div class="period">
          <div part="field" class="field">
            <label for="field-fiscalYear">Fiscal year</label>
            <input id="field-fiscalYear" name="fiscalYear" inputmode="numeric" autocomplete="off" .value=${String(this.fiscalYear)} @change=${this.#onYear}
              aria-invalid=${fieldProblems.fiscalYear ? 'true' : 'false'} aria-describedby="error-fiscalYear" />
            <span class="field-error" id="error-fiscalYear">${fieldProblems.fiscalYear ?? ''}</span>
          </div>
          <div part="field" class="field">
            <label for="field-unit">Unit</label>
            <select id="field-unit" name="unit" .value=${this.unit} @change=${this.#onUnit}>
              ${UNITS.map((u) => html`<option value=${u} ?selected=${u === this.unit}>${u}</option>`)}
            </select>
          </div>
        </div>
        <fieldset>
          <legend>Statement <span class="note">(amounts in ${this.unit})</span></legend>
          <div class="fields">${MAIN_ITEMS.map((item) => this.#field(item, fieldProblems))}</div>
          <details ?open=${MORE_ITEMS.some((item) => this.values[item] || fieldProblems[item])}>
            <summary>More items</summary>
            <div class="fields">${MORE_ITEMS.map((item) => this.#field(item, fieldProblems))}</div>
          </details>
        </fieldset>
      </form>
      <div class="outcome">${this.#result(fieldProblems)} ${this.#whatIfPanel()}</div>
    </section>`;
  }

  #field(item: ModelItem, fieldProblems: Record<string, string>) {
    const error = this.localErrors[item] ?? fieldProblems[item];
    const id = `field-${item}`;
    return html`<div part="field" class="field">
      <label for=${id}>${ITEM_LABELS[item]}${item === 'totalAssets' ? html` <span class="required">(required)</span>` : nothing}</label>
      <input
        id=${id}
        name=${item}
        inputmode="decimal"
        autocomplete="off"
        .value=${this.values[item] ?? ''}
        @input=${(e: Event) => this.#onAmount(item, (e.target as HTMLInputElement).value)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="error-${item}"
      />
      <span class="field-error" id="error-${item}">${error ?? ''}</span>
    </div>`;
  }

  #result(fieldProblems: Record<string, string>) {
    const hasFieldProblems = Object.keys(fieldProblems).length > 0 || Object.keys(this.localErrors).length > 0;
    const last = this.#score.value;
    let body;
    if (!this.requestKey) {
      body = html`<p class="placeholder">${hasFieldProblems ? 'Correct the marked fields to see the PD.' : 'Enter total assets and any other items to see the PD.'}</p>`;
    } else if (this.#score.status === TaskStatus.ERROR) {
      const problem = toProblem(this.#score.error);
      body = hasFieldProblems
        ? html`<div class="problem" role="alert"><strong>${problem.title}</strong>Correct the marked fields to see the PD.</div>`
        : this.#problem(problem);
    } else if (last) {
      body = this.#scoreView(last);
    } else {
      body = html`<p class="placeholder">Scoring…</p>`;
    }
    return html`<div part="result" aria-busy=${this.#score.status === TaskStatus.PENDING ? 'true' : 'false'}>${body}</div>`;
  }

  #problem(problem: DrProblem) {
    return html`<div class="problem" role="alert"><strong>${problem.title}</strong>${problem.detail}</div>`;
  }

  #scoreView(result: ScoreResult) {
    return html`
      <div class="figures" role="status" aria-live="polite">
        <div>
          <span class="visually-hidden">Probability of default </span>
          <span class="pd" part="pd">${formatPd(result.pd)}</span>
          <span class="interval">Range ${formatPd(result.pdLow)} – ${formatPd(result.pdHigh)}</span>
        </div>
        <div>
          <span class="band" part="band" data-band=${result.band}>${bandLabel(result.band)} risk</span>
          <span class="rating">Rating ${result.rating}</span>
        </div>
      </div>
      ${this.#drivers(result)}
    `;
  }

  #drivers(result: ScoreResult) {
    return driverBars(result.drivers, TOP_DRIVERS);
  }

  #whatIfPanel() {
    const isPending = this.#whatIf.status === TaskStatus.PENDING;
    return html`<form part="what-if" @submit=${this.#onWhatIf} novalidate>
      <h3>What if?</h3>
      <div class="what-if-inputs">
        <div class="field">
          <label for="what-if-item">Item to change</label>
          <select id="what-if-item" name="whatIfItem" .value=${this.whatIfItem} @change=${(e: Event) => (this.whatIfItem = (e.target as HTMLSelectElement).value as ModelItem)}>
            ${(Object.keys(ITEM_LABELS) as ModelItem[]).map((item) => html`<option value=${item} ?selected=${item === this.whatIfItem}>${ITEM_LABELS[item]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="what-if-target">Target PD (%)</label>
          <input id="what-if-target" name="targetPd" inputmode="decimal" autocomplete="off" .value=${this.targetPercent}
            @input=${(e: Event) => (this.targetPercent = (e.target as HTMLInputElement).value)}
            aria-invalid=${this.targetError ? 'true' : 'false'} aria-describedby="error-targetPd" />
        </div>
        <button type="submit" ?disabled=${!this.requestKey || isPending}>${isPending ? 'Searching…' : 'Find the change'}</button>
      </div>
      <span class="field-error" id="error-targetPd">${this.targetError}</span>
      <div class="what-if-answer" role="status" aria-live="polite">${this.#whatIfAnswer()}</div>
    </form>`;
  }

  #whatIfAnswer() {
    if (this.#whatIf.status === TaskStatus.ERROR) {
      const problem = toProblem(this.#whatIf.error);
      return problem.errors.some((e) => fieldOfPointer(e.pointer)) ? nothing : this.#problem(problem);
    }
    const answer = this.#whatIf.value;
    if (this.#whatIf.status !== TaskStatus.COMPLETE || !answer) return nothing;
    const label = ITEM_LABELS[answer.item as ModelItem] ?? answer.item;
    const stale = this.whatIfKey !== this.requestKey ? html`<p class="note">The statement has changed since; search again for an up-to-date answer.</p>` : nothing;
    if (answer.pdBefore < answer.targetPd) {
      return html`<p class="answer" data-reachable="true">The PD, ${formatPd(answer.pdBefore)}, is below ${formatPd(answer.targetPd)} already: no change of ${label.toLowerCase()} is needed.</p>
        ${stale}`;
    }
    if (answer.isReachable && answer.to !== undefined && answer.pdAfter !== undefined) {
      return html`<p class="answer" data-reachable="true">
          ${label} from ${amount.format(answer.from)} to <strong>${amount.format(answer.to)}</strong>
          (${signedAmount.format(answer.change ?? answer.to - answer.from)} ${this.unit}) brings the PD from ${formatPd(answer.pdBefore)} to
          <strong>${formatPd(answer.pdAfter)}</strong>, below ${formatPd(answer.targetPd)}.
        </p>
        ${stale}`;
    }
    return html`<p class="answer" data-reachable="false">
        No value of ${label.toLowerCase()} brings the PD below ${formatPd(answer.targetPd)}.
        ${answer.bestValue !== undefined && answer.bestPd !== undefined
          ? html`The lowest PD it reaches is ${formatPd(answer.bestPd)}, at ${amount.format(answer.bestValue)}.`
          : nothing}
        ${answer.reason ?? ''}
      </p>
      ${stale}`;
  }

  #onAmount(item: ModelItem, text: string): void {
    this.values = { ...this.values, [item]: text };
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => this.#submit(), SCORE_DEBOUNCE_MS);
  }

  #onYear(event: Event): void {
    const year = Number((event.target as HTMLInputElement).value);
    if (Number.isInteger(year)) this.fiscalYear = year;
  }

  #onUnit(event: Event): void {
    this.unit = (event.target as HTMLSelectElement).value as AmountUnit;
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    clearTimeout(this.#debounce);
    this.#submit();
  }

  /**
   * Reads the form into a statement and hands it to the score task. Text that is not a number is
   * marked at once, without a round trip; without total assets there is nothing to score.
   */
  #submit(): void {
    const statement: Record<string, unknown> = { fiscalYear: this.fiscalYear, unit: this.unit };
    const localErrors: Partial<Record<ModelItem, string>> = {};
    for (const item of Object.keys(ITEM_LABELS) as ModelItem[]) {
      const text = this.values[item] ?? '';
      const value = parseAmount(text);
      if (value === undefined) localErrors[item] = `Enter a number, e.g. 1250.5 (got "${text.trim()}")`;
      else if (value !== null) statement[item] = value;
    }
    this.localErrors = localErrors;
    const isComplete = Object.keys(localErrors).length === 0 && statement.totalAssets !== undefined;
    this.requestKey = isComplete ? JSON.stringify(statement) : '';
  }

  #onWhatIf(event: Event): void {
    event.preventDefault();
    const target = parseAmount(this.targetPercent);
    if (target === undefined || target === null || target <= 0 || target >= 100) {
      this.targetError = 'Enter a target PD between 0 and 100 %, e.g. 1.5';
      return;
    }
    this.targetError = '';
    clearTimeout(this.#debounce);
    this.#submit();
    void this.#whatIf.run();
  }
}

defineElement('dr-company-analysis', DrCompanyAnalysis);

declare global {
  interface HTMLElementTagNameMap {
    'dr-company-analysis': DrCompanyAnalysis;
  }
}
