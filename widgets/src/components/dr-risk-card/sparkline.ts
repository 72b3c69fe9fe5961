import { svg, type SVGTemplateResult } from 'lit';

/** Width and height of the sparkline's drawing space; the SVG scales to its box. */
const W = 100;
const H = 30;
const PAD = 3;

/**
 * A PD line as SVG: one point per fiscal period, scaled to the period range's own min/max so small
 * moves stay visible. Hand-written instead of a chart library (STACK.md: +0.7 kB instead of +12 kB).
 */
export function sparkline(values: readonly number[]): SVGTemplateResult {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => (values.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (values.length - 1));
  const y = (v: number) => (max === min ? H / 2 : H - PAD - ((v - min) / span) * (H - 2 * PAD));
  const points = values.map((v, i) => `${x(i).toFixed(2)},${y(v).toFixed(2)}`).join(' ');
  const last = values.length - 1;
  return svg`
    <polyline points=${points} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"></polyline>
    <path d="M${x(last).toFixed(2)} ${y(values[last]).toFixed(2)}h0" stroke="currentColor" stroke-width="6" stroke-linecap="round" vector-effect="non-scaling-stroke"></path>`;
}
