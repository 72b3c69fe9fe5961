import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { bandLabel, formatPd, formatPdChange, formatPeriod } from '../../internal/format.ts';
import { dataOf, toProblem, type DrProblem } from '../../internal/problem.ts';
import { driverBars, driverBarsStyles } from '../../internal/driver-bars.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { pdFiguresStyles } from '../../internal/pd-figures.styles.ts';
import { ThresholdAlerts, isAtOrAbove, thresholdOf } from '../../internal/threshold-alerts.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { riskCardStyles } from './dr-risk-card.styles.ts';
import { sparkline } from './sparkline.ts';

type Company = components['schemas']['Company'];
type TrendPoint = components['schemas']['CompanyTrend']['points'][number];
type Prediction = components['schemas']['Prediction'];

interface RiskCardData {
  company: Company;
  trend: TrendPoint[];
  latest: Prediction | undefined;
}

/** Drivers shown on the card: the largest contributions. */
const TOP_DRIVERS = 3;

/**
 * @summary A company's credit risk at a glance: PD with its interval, band, rating, PD trend and the
 * main drivers of the newest score.
 *
 * @event dr-loaded - The company's data is on screen.
 * @event dr-error - Loading failed; the card shows the problem's title and detail.
 * @fires dr-threshold-breached - The company's PD is at or above `threshold` (after `dr-loaded`; once per company).
 *
 * @csspart base - The card box.
 * @csspart name - The company name.
 * @csspart pd - The PD figure.
 * @csspart band - The band badge.
 * @csspart sparkline - The trend SVG.
 * @csspart drivers - The list of drivers.
 * @csspart threshold - The note that the PD is at or above `threshold`.
 *
 * @cssproperty --dr-color-surface - Card background.
 * @cssproperty --dr-color-border - Card border.
 * @cssproperty --dr-color-danger - The threshold note.
 * @cssproperty --dr-color-band-low - Colour of the low band (and of drivers lowering the PD); also -medium, -high, -critical.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding.
 */
export class DrRiskCard extends LitElement {
  static override styles = [sharedStyles, cardStyles, driverBarsStyles, pdFiguresStyles, riskCardStyles];

  /** Id of the company to show. */
  @property({ attribute: 'company-id' }) companyId = '';
  /** Alert level, a PD between 0 and 1 (`0.05` = 5 %): at or above it the card says so and fires `dr-threshold-breached`. */
  @property({ type: Number }) threshold?: number;

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  #data = new Task(this, {
    args: () => [this.connection?.client, this.companyId] as const,
    task: async ([client, companyId], { signal }): Promise<RiskCardData | typeof initialState> => {
      if (!client || !companyId) return initialState;
      const path = { companyId };
      const [company, trend, predictions] = await Promise.all([
        dataOf(client.GET('/v1/companies/{companyId}', { params: { path }, signal })),
        dataOf(client.GET('/v1/companies/{companyId}/trend', { params: { path }, signal })),
        dataOf(client.GET('/v1/companies/{companyId}/predictions', { params: { path, query: { limit: 1 } }, signal })),
      ]);
      return { company, trend: trend.points, latest: predictions.items[0] };
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-risk-card')),
    onError: (error) => this.dispatchEvent(new DrErrorEvent('dr-risk-card', toProblem(error))),
  });

  #alerts = new ThresholdAlerts(this);

  // After each render rather than in onComplete, so that a threshold set after the load counts too.
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const data = this.#data.status === TaskStatus.COMPLETE ? this.#data.value : undefined;
    if (data) this.#alerts.report([data.company], thresholdOf(this.threshold));
  }

  protected override render() {
    return html`<article part="base" aria-busy=${this.#data.status === TaskStatus.PENDING ? 'true' : 'false'} aria-labelledby="name">
      ${this.#data.render({
        initial: () => (this.companyId ? this.#loading() : html`<p class="placeholder">No company selected.</p>`),
        pending: () => this.#loading(),
        complete: (data) => this.#card(data),
        error: (error) => this.#problem(toProblem(error)),
      })}
    </article>`;
  }

  #loading() {
    return html`<p class="placeholder" id="name" role="status">Loading risk…</p>`;
  }

  #problem(problem: DrProblem) {
    return html`<div class="problem" role="alert" id="name"><strong>${problem.title}</strong>${problem.detail}</div>`;
  }

  #card({ company, trend, latest }: RiskCardData) {
    const meta = [company.sector, company.country, company.externalRef].filter(Boolean).join(' · ');
    return html`
      <header>
        <h2 id="name" part="name">${company.name}</h2>
        ${meta ? html`<span class="meta">${meta}</span>` : nothing}
      </header>
      ${company.latestPd === null || company.latestBand === null
        ? html`<p class="placeholder">Not scored yet: add a financial statement to see its risk.</p>`
        : html`
            <div class="figures">
              <div>
                <span class="visually-hidden">Probability of default </span>
                <span class="pd" part="pd">${formatPd(company.latestPd)}</span>
                ${latest
                  ? html`<span class="interval">Range ${formatPd(latest.pdLow)} – ${formatPd(latest.pdHigh)}
                      · ${formatPeriod(latest.fiscalYear, latest.fiscalQuarter)}</span>`
                  : nothing}
              </div>
              <div>
                <span class="band" part="band" data-band=${company.latestBand}>${bandLabel(company.latestBand)} risk</span>
                ${company.latestRating ? html`<span class="rating">Rating ${company.latestRating}</span>` : nothing}
              </div>
            </div>
            ${this.#thresholdNote(company.latestPd)}
            ${this.#trend(trend)} ${this.#drivers(latest)}
          `}
    `;
  }

  #thresholdNote(pd: number) {
    const threshold = thresholdOf(this.threshold);
    if (!isAtOrAbove(pd, threshold)) return nothing;
    return html`<p class="threshold" part="threshold"><span aria-hidden="true">▲ </span>At or above the ${formatPd(threshold as number)} alert threshold</p>`;
  }

  #trend(points: TrendPoint[]) {
    if (points.length < 2) return nothing;
    const first = points[0];
    const last = points[points.length - 1];
    const previous = points[points.length - 2];
    const describe = points.map((p) => `${formatPeriod(p.fiscalYear, p.fiscalQuarter)} ${formatPd(p.pd)}`).join(', ');
    const label = `PD trend from ${formatPeriod(first.fiscalYear, first.fiscalQuarter)} to ${formatPeriod(last.fiscalYear, last.fiscalQuarter)}: ${describe}`;
    return html`<div class="trend">
      <svg part="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label=${label}>
        <title>${label}</title>
        ${sparkline(points.map((p) => p.pd))}
      </svg>
      <span class="change">${formatPdChange(last.pd - previous.pd)} since ${formatPeriod(previous.fiscalYear, previous.fiscalQuarter)}</span>
    </div>`;
  }

  #drivers(latest: Prediction | undefined) {
    return driverBars(latest?.drivers, TOP_DRIVERS);
  }
}

defineElement('dr-risk-card', DrRiskCard);

declare global {
  interface HTMLElementTagNameMap {
    'dr-risk-card': DrRiskCard;
  }
}
