import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrProvider } from '../../widgets/src/index.ts';
import { COMPANIES, COMPANY_IDS } from '../mocks/fixtures.ts';
import { mockApi, problem } from '../mocks/mock-api.ts';
import { storyApiBase } from '../mocks/with-mock-api.ts';

type Args = Pick<DrProvider, 'theme' | 'token'>;

/**
 * How a host page uses the widgets: one <dr-provider> with the API base and the embed token, the
 * widgets inside it. These stories render their own provider (`drProvider: false`).
 */
const meta = {
  title: 'Widgets/dr-provider',
  component: 'dr-provider',
  parameters: { drProvider: false, drSettle: { events: 2 } },
  args: { theme: 'light', token: 'embed-token-from-the-host-backend' },
  render: (args, { id }) => html`
    <dr-provider api-base=${storyApiBase(id)} token=${args.token} theme=${args.theme}>
      <div style="display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); align-items: start">
        <dr-risk-card company-id=${COMPANY_IDS.high}></dr-risk-card>
        <dr-company-table page-size="5" sort="pd" order="desc"></dr-company-table>
      </div>
    </dr-provider>
  `,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

export const IntranetDashboard: Story = {};

export const DarkTheme: Story = { args: { theme: 'dark' }, globals: { theme: 'dark' } };

/**
 * The token has expired: the API answers 401, the provider calls the host's `refreshToken` once,
 * retries with the new token, and the widgets load without the host doing anything else.
 */
export const TokenRefreshedAfter401: Story = {
  args: { token: 'expired-token' },
  render: (args, { id }) => {
    const refreshToken = () => Promise.resolve('fresh-token');
    return html`<dr-provider api-base=${storyApiBase(id)} token=${args.token} theme=${args.theme} .refreshToken=${refreshToken}>
      <dr-risk-card company-id=${COMPANY_IDS.medium} style="max-width: 30rem"></dr-risk-card>
    </dr-provider>`;
  },
  parameters: {
    drSettle: { events: 1 },
    drApi: mockApi({
      // Only the renewed token is accepted, so the card shows only if the refresh-and-retry worked.
      'GET /v1/companies/{companyId}': ({ request, params }) =>
        request.headers.get('Authorization') === 'Bearer fresh-token'
          ? (COMPANIES.find((c) => c.id === params.companyId) ?? problem(404, 'Not found', 'No such company.'))
          : problem(401, 'Embed token expired', 'The token has expired.', { type: '/problems/embed-token-expired' }),
    }),
  },
};

/** No token and no refreshToken yet: the widgets wait quietly instead of failing with 401. */
export const WaitingForToken: Story = {
  args: { token: '' },
  parameters: { drSettle: { events: 0 } },
};
