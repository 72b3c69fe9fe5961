import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { DrRiskCard } from '../../widgets/src/index.ts';
import { COMPANY_IDS } from '../mocks/fixtures.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';

type Args = Pick<DrRiskCard, 'companyId' | 'threshold'>;

const meta = {
  title: 'Widgets/dr-risk-card',
  component: 'dr-risk-card',
  render: ({ companyId, threshold }) => html`<div style="max-width: 30rem"><dr-risk-card company-id=${companyId} threshold=${ifDefined(threshold)}></dr-risk-card></div>`,
  args: { companyId: COMPANY_IDS.medium },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

export const LowRisk: Story = { args: { companyId: COMPANY_IDS.low } };
export const MediumRisk: Story = {};
export const HighRisk: Story = { args: { companyId: COMPANY_IDS.high } };
export const CriticalRisk: Story = { args: { companyId: COMPANY_IDS.critical } };

/** `threshold="0.05"` and a PD of 8.70 %: the card says so and fires dr-threshold-breached. */
export const AboveThreshold: Story = { args: { companyId: COMPANY_IDS.high, threshold: 0.05 } };

/** A company without any statement yet: no PD, a hint instead. */
export const NotScored: Story = { args: { companyId: COMPANY_IDS.notScored } };

/** Name, sector and reference wrap instead of overflowing the card. */
export const LongName: Story = { args: { companyId: COMPANY_IDS.longName } };

export const Loading: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/companies/{companyId}': PENDING }) },
};

/** An unknown (or foreign) company: the API's 404 problem is shown, and dr-error fired. */
export const NotFound: Story = { args: { companyId: COMPANY_IDS.missing } };

export const TokenExpired: Story = {
  parameters: {
    drApi: mockApi({
      'GET /v1/companies/{companyId}': problem(401, 'Embed token expired', 'The embed token expired at 09:35 UTC; ask the host page for a new one.', { type: '/problems/embed-token-expired' }),
    }),
  },
};

export const NoCompanySelected: Story = { args: { companyId: '' }, parameters: { drSettle: { events: 0 } } };

export const DarkTheme: Story = { args: { companyId: COMPANY_IDS.critical }, globals: { theme: 'dark' } };

/** Narrow container: figures and drivers stack. */
export const Narrow: Story = {
  args: { companyId: COMPANY_IDS.high },
  render: ({ companyId }) => html`<div style="max-width: 17rem"><dr-risk-card company-id=${companyId}></dr-risk-card></div>`,
};
