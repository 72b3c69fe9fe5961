import { css, html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { components } from '../../../openapi/generated/schema.d.ts';

type Drivers = components['schemas']['Drivers'];

/**
 * The "Main drivers" list shared by the risk card and the analysis form: the top `top` drivers as
 * labelled bars scaled to the largest, each saying in words whether it raises or lowers the PD (so
 * colour is never the only cue). Lay out with `grid-template-columns` via --_driver-bar-width.
 */
export function driverBars(drivers: Drivers | null | undefined, top: number): TemplateResult | typeof nothing {
  const items = drivers?.items.slice(0, top) ?? [];
  if (items.length === 0) return nothing;
  const largest = Math.max(...items.map((d) => Math.abs(d.contribution))) || 1;
  return html`<section aria-labelledby="drivers-title">
    <h3 id="drivers-title">Main drivers</h3>
    <ul part="drivers">
      ${items.map((d) => {
        const direction = d.contribution >= 0 ? 'raises' : 'lowers';
        return html`<li>
          <span>${d.label}</span>
          <span class="bar" data-direction=${direction} style=${styleMap({ width: `${Math.max(8, (Math.abs(d.contribution) / largest) * 100)}%` })}></span>
          <span class="direction">${direction} PD</span>
        </li>`;
      })}
    </ul>
  </section>`;
}

export const driverBarsStyles = css`
  h3 {
    margin: 0 0 0.25em;
    font-size: 0.875em;
    color: var(--_muted);
    font-weight: 600;
  }
  [part='drivers'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.375em;
    font-size: 0.875em;
  }
  [part='drivers'] li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--_driver-bar-width, 5em) auto;
    align-items: center;
    gap: 0.75em;
  }
  .bar {
    height: 0.5em;
    border-radius: 999px;
    background: var(--_band-critical);
  }
  .bar[data-direction='lowers'] {
    background: var(--_band-low);
  }
  .direction {
    color: var(--_muted);
    white-space: nowrap;
  }
`;
