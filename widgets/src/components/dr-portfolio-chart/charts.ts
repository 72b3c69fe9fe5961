import { svg, nothing, type SVGTemplateResult } from 'lit';

/**
 * Hand-written SVG charts (no chart library: a bar and a line chart cost well under 2 kB, a library
 * 40 kB+). Each draws in a fixed viewBox and the SVG scales to its container's width, so text and
 * bars keep their proportions at any size.
 */
export const VIEW_W = 320;
export const VIEW_H = 180;
const TOP = 18;
const BOTTOM = 34;
const SIDE = 10;
const PLOT_H = VIEW_H - TOP - BOTTOM;

/** One bar: its label under the axis, its value, and a `data-tone` the stylesheet colours. */
export interface Bar {
  label: string;
  value: number;
  tone: string;
}

/**
 * Vertical bars with their counts above them. `edges`, when given, labels the boundaries between
 * bars instead of the bars themselves (a histogram's bin edges: one more label than bars).
 */
export function barChart(bars: readonly Bar[], edges?: readonly string[]): SVGTemplateResult {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (VIEW_W - 2 * SIDE) / Math.max(1, bars.length);
  const gap = Math.min(12, slot * 0.2);
  const baseline = TOP + PLOT_H;
  return svg`
    <line class="axis" x1=${SIDE} x2=${VIEW_W - SIDE} y1=${baseline} y2=${baseline}></line>
    ${bars.map((bar, i) => {
      const height = (bar.value / max) * PLOT_H;
      const x = SIDE + i * slot + gap / 2;
      const middle = x + (slot - gap) / 2;
      return svg`<g class="bar" data-tone=${bar.tone} data-label=${bar.label} data-value=${bar.value}>
        <rect x=${x.toFixed(2)} y=${(baseline - height).toFixed(2)} width=${(slot - gap).toFixed(2)} height=${Math.max(height, bar.value > 0 ? 1 : 0).toFixed(2)} rx="2"></rect>
        <text class="value" x=${middle.toFixed(2)} y=${(baseline - height - 4).toFixed(2)} text-anchor="middle">${bar.value}</text>
        ${edges ? nothing : svg`<text class="label" x=${middle.toFixed(2)} y=${baseline + 14} text-anchor="middle">${bar.label}</text>`}
      </g>`;
    })}
    ${edges?.map(
      (edge, i) => svg`<text class="label edge" x=${(SIDE + i * slot).toFixed(2)} y=${baseline + 14} text-anchor=${i === 0 ? 'start' : i === edges.length - 1 ? 'end' : 'middle'}>${edge}</text>`,
    )}
  `;
}

/** One point of a line chart: its x label and its value. */
export interface LinePoint {
  label: string;
  value: number;
}

/**
 * A line over evenly spaced periods, from zero to a little above the largest value, with three
 * grid lines labelled by `formatValue`, `width` units wide (the height is VIEW_H). At most one x label per 40 units of width is drawn, counted back from the newest
 * period (which is always labelled), so they never overlap.
 */
export function lineChart(points: readonly LinePoint[], formatValue: (value: number) => string, width = VIEW_W): SVGTemplateResult {
  const left = 44;
  const right = width - SIDE - 6;
  const max = Math.max(...points.map((p) => p.value), 0) * 1.15 || 1;
  const x = (i: number) => (points.length === 1 ? (left + right) / 2 : left + (i * (right - left)) / (points.length - 1));
  const y = (v: number) => TOP + PLOT_H - (v / max) * PLOT_H;
  const labelEvery = Math.ceil(points.length / (width / 40));
  const grid = [0, max / 2, max];
  const line = points.map((p, i) => `${x(i).toFixed(2)},${y(p.value).toFixed(2)}`).join(' ');
  return svg`
    ${grid.map(
      (g) => svg`<line class="grid" x1=${left} x2=${right} y1=${y(g).toFixed(2)} y2=${y(g).toFixed(2)}></line>
        <text class="label" x=${left - 4} y=${(y(g) + 3).toFixed(2)} text-anchor="end">${formatValue(g)}</text>`,
    )}
    <polyline class="line" points=${line}></polyline>
    ${points.map(
      (p, i) => svg`<circle class="point" cx=${x(i).toFixed(2)} cy=${y(p.value).toFixed(2)} r="3" data-label=${p.label} data-value=${p.value}></circle>
        ${(points.length - 1 - i) % labelEvery === 0 ? svg`<text class="label" x=${x(i).toFixed(2)} y=${TOP + PLOT_H + 14} text-anchor="middle">${p.label}</text>` : nothing}`,
    )}
  `;
}
