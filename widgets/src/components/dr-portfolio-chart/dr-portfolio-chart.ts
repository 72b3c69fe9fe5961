import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, paths } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { bandLabel, formatPd, formatPeriod } from '../../internal/format.ts';
import { dataOf, toProblem, type DrProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { VIEW_H, VIEW_W, barChart, lineChart, type Bar, type LinePoint } from './charts.ts';
import { portfolioChartStyles } from './dr-portfolio-chart.styles.ts';

type Analytics = components['schemas']['PortfolioAnalytics'];
type TrendPoint = components['schemas']['PortfolioTrendPoint'];
type DataScope = components['schemas']['DataScope'];
type AnalyticsQuery = NonNullable<paths['/v1/analytics/portfolio']['get']['parameters']['query']>;

export const TREND_PERIODS = ['year', 'quarter'] as const;
/** Granularity of the trend chart. */
export type TrendPeriod = (typeof TREND_PERIODS)[number];

/** Widths (CSS px) from which the trend gets the whole row; matches the stylesheet's container query (40rem). */
const WIDE_PX = 640;

const count = new Intl.NumberFormat(undefined);
/** Bin edges as bare percentages ("0.03", "10"); the caption says they are % PD. */
const edgePercent = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });
const axisPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** "0.01–0.03 %" for a histogram bin, as the table fallback reads it. */
function binLabel(lower: number, upper: number): string {
  return `${edgePercent.format(lower * 100)}–${edgePercent.format(upper * 100)} %`;
}

/**
 * @summary The portfolio at a glance: companies per risk band, the PD histogram and the average
 * PD over time, drawn as SVG with a table of the same numbers for screen readers.
 *
 * @event dr-loaded - The charts are on screen.
 * @event dr-error - The analytics could not be loaded; the widget shows the problem's title and detail.
 *
 * @csspart base - The outer box.
 * @csspart summary - Headline figures (companies, scored, average and median PD).
 * @csspart bands - The band distribution chart (figure).
 * @csspart histogram - The PD histogram (figure).
 * @csspart trend - The PD trend chart (figure).
 * @csspart chart - Each chart's SVG.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-border - Border, axis and grid lines.
 * @cssproperty --dr-color-accent - Histogram bars and the trend line.
 * @cssproperty --dr-color-band-low - Colour of the low band's bar; also -medium, -high, -critical.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrPortfolioChart extends LitElement {
  static override styles = [sharedStyles, cardStyles, portfolioChartStyles];

  /** Only companies of this data scope: `personal`, `organization` or `global` (empty: all the token sees). */
  @property() scope: DataScope | '' = '';
  /** Only companies of this sector (case-insensitive; empty: all). */
  @property() sector = '';
  /** Only companies whose latest prediction is for this fiscal year (0: any year). */
  @property({ type: Number, attribute: 'fiscal-year' }) fiscalYear = 0;
  /** Trend by `year` or by `quarter` (the viewer can switch; quarters need quarterly statements). */
  @property() period: TrendPeriod = 'year';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  /** True when the widget is wide enough for the trend to span both columns with a wider drawing. */
  @state() private isWide = false;

  #resize = new ResizeObserver(([entry]) => {
    const isWide = (entry?.contentRect.width ?? 0) >= WIDE_PX;
    if (isWide !== this.isWide) this.isWide = isWide;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  #analytics = new Task(this, {
    args: () => [this.connection?.client, this.scope, this.sector, this.fiscalYear] as const,
    task: async ([client, scope, sector, fiscalYear], { signal }): Promise<Analytics | typeof initialState> => {
      if (!client) return initialState;
      // The top-mover and highest-risk lists are not drawn here: ask for the shortest.
      const query: AnalyticsQuery = { top: 1 };
      if (scope) query.scope = scope;
      if (sector) query.sector = sector;
      if (fiscalYear) query.fiscalYear = fiscalYear;
      return dataOf(client.GET('/v1/analytics/portfolio', { params: { query }, signal }));
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-portfolio-chart')),
    onError: (error) => this.dispatchEvent(new DrErrorEvent('dr-portfolio-chart', toProblem(error))),
  });

  protected override render() {
    return html`<section part="base" aria-busy=${this.#analytics.status === TaskStatus.PENDING ? 'true' : 'false'} aria-label="Portfolio risk">
      ${this.#analytics.render({
        initial: () => this.#loading(),
        pending: () => (this.#analytics.value ? this.#charts(this.#analytics.value) : this.#loading()),
        complete: (analytics) => this.#charts(analytics),
        error: (error) => this.#problem(toProblem(error)),
      })}
    </section>`;
  }

  #loading() {
    return html`<p class="placeholder" role="status">Loading portfolio…</p>`;
  }

  #problem(problem: DrProblem) {
    return html`<div class="problem" role="alert"><strong>${problem.title}</strong>${problem.detail}</div>`;
  }

  #charts(a: Analytics) {
    return html`
      <dl part="summary">
        <div><dt>Companies</dt><dd>${count.format(a.companies)}</dd></div>
        <div><dt>Scored</dt><dd>${count.format(a.scoredCompanies)}</dd></div>
        <div><dt>Average PD</dt><dd>${a.averagePd === null ? '—' : formatPd(a.averagePd)}</dd></div>
        <div><dt>Median PD</dt><dd>${a.medianPd === null ? '—' : formatPd(a.medianPd)}</dd></div>
      </dl>
      ${a.scoredCompanies === 0
        ? html`<p class="placeholder">No scored companies yet: score a statement or upload a file to see the charts.</p>`
        : html`<div class="charts">${this.#bands(a)} ${this.#histogram(a)} ${this.#trend(a)}</div>`}
    `;
  }

  #bands(a: Analytics) {
    const bars: Bar[] = a.byBand.map((b) => ({ label: bandLabel(b.band), value: b.companies, tone: b.band }));
    const label = `Companies by risk band: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}.`;
    return html`<figure part="bands">
      <figcaption id="bands-title">Companies by risk band</figcaption>
      <svg part="chart" viewBox="0 0 ${VIEW_W} ${VIEW_H}" role="img" aria-label=${label}>${barChart(bars)}</svg>
      <table class="visually-hidden" data-chart="bands">
        <caption>Companies by risk band</caption>
        <thead><tr><th scope="col">Band</th><th scope="col">Companies</th><th scope="col">Average PD</th></tr></thead>
        <tbody>
          ${a.byBand.map((b) => html`<tr><th scope="row">${bandLabel(b.band)}</th><td>${b.companies}</td><td>${b.averagePd === null ? '—' : formatPd(b.averagePd)}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }

  #histogram(a: Analytics) {
    const bars: Bar[] = a.pdHistogram.map((bin) => ({ label: binLabel(bin.lower, bin.upper), value: bin.companies, tone: 'accent' }));
    const edges = [...a.pdHistogram.map((bin) => edgePercent.format(bin.lower * 100)), edgePercent.format((a.pdHistogram.at(-1)?.upper ?? 1) * 100)];
    const label = `Companies by PD: ${bars.filter((b) => b.value > 0).map((b) => `${b.label}: ${b.value}`).join(', ')}.`;
    return html`<figure part="histogram">
      <figcaption>PD histogram <span class="note">PD in %, log-spaced bins</span></figcaption>
      <svg part="chart" viewBox="0 0 ${VIEW_W} ${VIEW_H}" role="img" aria-label=${label}>${barChart(bars, edges)}</svg>
      <table class="visually-hidden" data-chart="histogram">
        <caption>Companies by probability of default</caption>
        <thead><tr><th scope="col">PD range</th><th scope="col">Companies</th></tr></thead>
        <tbody>
          ${a.pdHistogram.map((bin) => html`<tr><th scope="row">${binLabel(bin.lower, bin.upper)}</th><td>${bin.companies}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }

  #trend(a: Analytics) {
    const hasQuarters = a.trend.byQuarter.length > 0;
    const period: TrendPeriod = hasQuarters ? this.period : 'year';
    const rows: TrendPoint[] = period === 'quarter' ? a.trend.byQuarter : a.trend.byYear;
    const points: LinePoint[] = rows.map((p) => ({ label: formatPeriod(p.fiscalYear, p.fiscalQuarter ?? null), value: p.averagePd }));
    const title = `Average PD by ${period}`;
    // Twice as wide a drawing when the trend spans both columns, so its text matches the bar charts'.
    const width = this.isWide ? 2 * VIEW_W : VIEW_W;
    return html`<figure part="trend">
      <figcaption>
        <span>${title}</span>
        ${hasQuarters
          ? html`<fieldset class="period">
              <legend class="visually-hidden">Trend period</legend>
              ${TREND_PERIODS.map(
                (p) => html`<label><input type="radio" name="period" value=${p} .checked=${period === p} @change=${() => (this.period = p)} />By ${p}</label>`,
              )}
            </fieldset>`
          : nothing}
      </figcaption>
      ${points.length === 0
        ? html`<p class="placeholder">No scored periods yet.</p>`
        : html`<svg part="chart" viewBox="0 0 ${width} ${VIEW_H}" role="img" aria-label=${`${title}: ${points.map((p) => `${p.label} ${formatPd(p.value)}`).join(', ')}.`}>
              ${lineChart(points, (v) => axisPercent.format(v), width)}
            </svg>
            <table class="visually-hidden" data-chart="trend">
              <caption>${title}</caption>
              <thead><tr><th scope="col">Period</th><th scope="col">Companies</th><th scope="col">Average PD</th><th scope="col">Median PD</th></tr></thead>
              <tbody>
                ${rows.map(
                  (p) => html`<tr><th scope="row">${formatPeriod(p.fiscalYear, p.fiscalQuarter ?? null)}</th><td>${p.companies}</td><td>${formatPd(p.averagePd)}</td><td>${formatPd(p.medianPd)}</td></tr>`,
                )}
              </tbody>
            </table>`}
    </figure>`;
  }
}

defineElement('dr-portfolio-chart', DrPortfolioChart);

declare global {
  interface HTMLElementTagNameMap {
    'dr-portfolio-chart': DrPortfolioChart;
  }
}
