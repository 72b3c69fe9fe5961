import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { DrCompanyTable } from '../../widgets/src/index.ts';
import { defaultRoutes, manyCompanies } from '../mocks/fixtures.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';

type Args = Pick<DrCompanyTable, 'pageSize' | 'sort' | 'order' | 'band' | 'q' | 'threshold' | 'virtualized'>;

const meta = {
  title: 'Widgets/dr-company-table',
  component: 'dr-company-table',
  render: (args) =>
    html`<dr-company-table
      page-size=${args.pageSize}
      sort=${args.sort}
      order=${args.order}
      band=${args.band}
      q=${args.q}
      threshold=${ifDefined(args.threshold)}
      ?virtualized=${args.virtualized}
    ></dr-company-table>`,
  args: { pageSize: 20, sort: 'name', order: 'asc', band: '', q: '', virtualized: false },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Every band, an unscored company and a very long name, sorted by name. */
export const AllCompanies: Story = {};

export const RiskiestFirst: Story = { args: { sort: 'pd', order: 'desc' } };

export const LowBand: Story = { args: { band: 'low' } };
export const MediumBand: Story = { args: { band: 'medium' } };
export const HighBand: Story = { args: { band: 'high' } };
export const CriticalBand: Story = { args: { band: 'critical' } };

/** 45 companies, 20 a page: Next is enabled. */
export const Paged: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/companies': defaultRoutes(manyCompanies(45))['GET /v1/companies'] }) },
};

/** `threshold="0.05"`: the three companies at or above 5 % are marked (and each fires dr-threshold-breached once). */
export const AboveThreshold: Story = { args: { threshold: 0.05 } };

/**
 * `virtualized`, 300 companies fetched 50 at a time as you scroll: only the rows in view are in the
 * DOM, the body scrolls within `--dr-table-max-height`, and the arrow keys, PageUp/PageDown and
 * Home/End move between rows.
 */
export const Virtualized: Story = {
  args: { virtualized: true, pageSize: 50, threshold: 0.2 },
  parameters: { drApi: mockApi({ 'GET /v1/companies': defaultRoutes(manyCompanies(300))['GET /v1/companies'] }) },
};

/** `virtualized` with fewer rows than fill its box: the box shrinks to them (a maximum height, never a fixed one). */
export const VirtualizedFewRows: Story = { args: { virtualized: true } };

export const NoCompanies: Story = { parameters: { drApi: mockApi({ 'GET /v1/companies': { items: [], nextCursor: null } }) } };

export const NoMatch: Story = { args: { q: 'no such company' } };

export const Loading: Story = { parameters: { drApi: mockApi({ 'GET /v1/companies': PENDING }) } };

export const Forbidden: Story = {
  parameters: {
    drApi: mockApi({ 'GET /v1/companies': problem(403, 'Forbidden', 'This embed token does not allow the company list (allowed widgets: dr-risk-card).') }),
  },
};

/** The long name wraps in its cell; the table scrolls sideways in a narrow host. */
export const LongNamesNarrow: Story = {
  args: { q: 'Vereinigte' },
  render: (args) => html`<div style="max-width: 22rem"><dr-company-table q=${args.q} page-size=${args.pageSize}></dr-company-table></div>`,
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };
