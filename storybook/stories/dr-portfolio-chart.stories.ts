import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrPortfolioChart } from '../../widgets/src/index.ts';
import { COMPANIES, analyticsOf, manyCompanies } from '../mocks/fixtures.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';

type Args = Pick<DrPortfolioChart, 'scope' | 'sector' | 'fiscalYear' | 'period'>;

const meta = {
  title: 'Widgets/dr-portfolio-chart',
  component: 'dr-portfolio-chart',
  render: (args) =>
    html`<dr-portfolio-chart scope=${args.scope} sector=${args.sector} fiscal-year=${args.fiscalYear} period=${args.period}></dr-portfolio-chart>`,
  args: { scope: '', sector: '', fiscalYear: 0, period: 'year' },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The fixture portfolio: companies in every band, four fiscal years. */
export const Portfolio: Story = {};

export const LargePortfolio: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/analytics/portfolio': analyticsOf([...COMPANIES, ...manyCompanies(60)]) }) },
};

const quarterly = analyticsOf(COMPANIES);
quarterly.trend.byQuarter = [1, 2, 3, 4, 5, 6].map((i) => ({
  fiscalYear: 2023 + Math.floor((i - 1) / 4),
  fiscalQuarter: ((i - 1) % 4) + 1,
  companies: 6,
  averagePd: 0.03 + i * 0.004,
  medianPd: 0.022 + i * 0.003,
}));

/** Quarterly statements exist, so the viewer can switch the trend to quarters. */
export const QuarterlyTrend: Story = { args: { period: 'quarter' }, parameters: { drApi: mockApi({ 'GET /v1/analytics/portfolio': quarterly }) } };

/** Only critical-band companies: the other bands show zero bars. */
export const OnlyCriticalBand: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/analytics/portfolio': analyticsOf(COMPANIES.filter((c) => c.latestBand === 'critical')) }) },
};

/** Companies exist but none is scored yet. */
export const NothingScored: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/analytics/portfolio': analyticsOf(COMPANIES.filter((c) => c.latestPd === null)) }) },
};

export const Loading: Story = { parameters: { drApi: mockApi({ 'GET /v1/analytics/portfolio': PENDING }) } };

export const ServerError: Story = {
  parameters: {
    drApi: mockApi({ 'GET /v1/analytics/portfolio': problem(503, 'Service unavailable', 'Analytics are being recomputed; try again in a minute.') }),
  },
};

export const Narrow: Story = {
  render: (args) => html`<div style="max-width: 20rem"><dr-portfolio-chart period=${args.period}></dr-portfolio-chart></div>`,
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };
