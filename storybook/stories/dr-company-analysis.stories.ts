import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrCompanyAnalysis } from '../../widgets/src/index.ts';
import { STATEMENTS } from '../mocks/fixtures.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';

type Args = Pick<DrCompanyAnalysis, 'statement' | 'fiscalYear' | 'unit'>;

const meta = {
  title: 'Widgets/dr-company-analysis',
  component: 'dr-company-analysis',
  render: (args) => html`<dr-company-analysis .statement=${args.statement} fiscal-year=${args.fiscalYear} unit=${args.unit}></dr-company-analysis>`,
  args: { statement: STATEMENTS.medium, fiscalYear: 2024, unit: 'millions' },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Nothing typed yet. */
export const EmptyForm: Story = { args: { statement: undefined }, parameters: { drSettle: { events: 0 } } };

export const LowRisk: Story = { args: { statement: STATEMENTS.low } };
export const MediumRisk: Story = {};
export const HighRisk: Story = { args: { statement: STATEMENTS.high } };
export const CriticalRisk: Story = { args: { statement: STATEMENTS.critical } };

export const Scoring: Story = { parameters: { drApi: mockApi({ 'POST /v1/score': PENDING }) } };

/** The API refused fields of the statement: each problem shows under its field. */
export const FieldProblems: Story = {
  args: { statement: { ...STATEMENTS.high, totalLiabilities: -420, currentAssets: 900 } },
  parameters: {
    drSettle: { events: 0, requests: 1 },
    drApi: mockApi({
      'POST /v1/score': problem(422, 'Statement invalid', 'The statement has implausible amounts.', {
        type: '/problems/statement-invalid',
        errors: [
          { pointer: '/body/statement/totalLiabilities', detail: 'Total liabilities cannot be negative (got -420).' },
          { pointer: '/body/statement/currentAssets', detail: 'Current assets (900) cannot exceed total assets (500).' },
        ],
      }),
    }),
  },
};

export const ScoringUnavailable: Story = {
  parameters: { drApi: mockApi({ 'POST /v1/score': problem(503, 'Model unavailable', 'The scoring model is being reloaded; try again in a few seconds.') }) },
};

/** "What brings the PD below 1 %?", answered for total liabilities. */
export const WhatIf: Story = {
  args: { statement: STATEMENTS.high },
  parameters: { drSettle: { events: 2 } },
  play: async ({ canvasElement }) => {
    const widget = canvasElement.querySelector('dr-company-analysis');
    if (!widget) throw new Error('no <dr-company-analysis> in the story');
    // The first score must be on screen before the what-if is asked.
    const root = widget.shadowRoot;
    for (let waited = 0; !root?.querySelector('[part="pd"]'); waited += 20) {
      if (waited > 5000) throw new Error('the statement was never scored');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await widget.updateComplete;
    root.querySelector<HTMLButtonElement>('[part="what-if"] button[type="submit"]')?.click();
  },
};

export const DarkTheme: Story = { args: { statement: STATEMENTS.critical }, globals: { theme: 'dark' } };
