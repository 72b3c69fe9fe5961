import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrOrgAdminPanel } from '../../widgets/src/index.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';
import { ADMIN_ORG_ID, LONG, MEMBERS, NO_JOIN_TOKEN, WEBHOOKS, meAs, orgAdminRoutes, organization } from '../mocks/org-admin-fixtures.ts';

type Args = Pick<DrOrgAdminPanel, 'organizationId'>;

/** The panel's shadow root once its sections have rendered what `selector` finds. */
async function find<T extends Element>(canvasElement: HTMLElement, selector: string, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = canvasElement.querySelector('dr-org-admin-panel')?.shadowRoot?.querySelector<T>(selector);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${selector} in <dr-org-admin-panel>`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function settled(canvasElement: HTMLElement): Promise<void> {
  await canvasElement.querySelector('dr-org-admin-panel')?.updateComplete;
}

const meta = {
  title: 'Widgets/dr-org-admin-panel',
  component: 'dr-org-admin-panel',
  render: (args) => html`<dr-org-admin-panel organization-id=${args.organizationId}></dr-org-admin-panel>`,
  args: { organizationId: '' },
  parameters: { drApi: mockApi(orgAdminRoutes()) },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** An org admin's view: members, pending invitations, an active join token, webhooks, API keys (one revoked), embed origins. */
export const Populated: Story = {};

export const Loading: Story = { parameters: { drApi: mockApi({ 'GET /v1/me': PENDING }) } };

/** An ordinary embed token cannot read the caller: the panel shows the API's 403 and no controls. */
export const NotAllowed: Story = {
  parameters: {
    drApi: mockApi({ 'GET /v1/me': problem(403, 'Forbidden', 'An embed token may call only the operations of the widgets it was minted for; this panel needs a user token or an admin embed token.') }),
  },
};

/** One section failed; the others work. */
export const SectionProblem: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/organizations/{organizationId}/webhooks': problem(503, 'Service unavailable', 'The database is restarting; try again in a minute.') }) },
};

/** A tenant admin opening a new organization (organization-id set): nobody in it, nothing configured. */
export const EmptyOrganization: Story = {
  args: { organizationId: ADMIN_ORG_ID },
  parameters: {
    drApi: mockApi({
      'GET /v1/me': meAs('tenant_admin'),
      'GET /v1/organizations/{organizationId}': organization({ name: 'Trade Finance', memberCount: 0, memberCap: null }),
      'GET /v1/organizations/{organizationId}/members': { items: [], nextCursor: null },
      'GET /v1/organizations/{organizationId}/invitations': { items: [], nextCursor: null },
      'GET /v1/organizations/{organizationId}/join-token': NO_JOIN_TOKEN,
      'GET /v1/organizations/{organizationId}/webhooks': { items: [], nextCursor: null },
      'GET /v1/api-keys': { items: [], nextCursor: null },
      'GET /v1/tenants/{tenantId}/embed-origins': { origins: [] },
    }),
  },
};

/** An org member: the member list, read-only, and who to ask. */
export const MemberReadOnly: Story = { parameters: { drApi: mockApi({ 'GET /v1/me': meAs('org_member') }) } };

/** Very long names, addresses, URLs and origins wrap inside a narrow host. */
export const LongNamesNarrow: Story = {
  render: () => html`<div style="max-width: 26rem"><dr-org-admin-panel></dr-org-admin-panel></div>`,
  parameters: {
    drApi: mockApi({
      'GET /v1/organizations/{organizationId}': LONG.organization,
      'GET /v1/organizations/{organizationId}/members': { items: LONG.members, nextCursor: null },
      'GET /v1/organizations/{organizationId}/webhooks': { items: LONG.webhooks, nextCursor: null },
      'GET /v1/api-keys': { items: LONG.apiKeys, nextCursor: null },
      'GET /v1/tenants/{tenantId}/embed-origins': { origins: LONG.origins },
    }),
  },
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };

/** The API refused the address: its field problem shows under the field. */
export const InvitationFieldProblem: Story = {
  parameters: {
    drApi: mockApi({
      'POST /v1/organizations/{organizationId}/invitations': problem(403, 'Email not allowed', "This email address is not on the organization's allow-list.", {
        type: '/problems/email-not-allowed',
        errors: [{ pointer: '/body/email', detail: 'is not on the allow-list' }],
      }),
    }),
  },
  play: async ({ canvasElement }) => {
    const email = await find<HTMLInputElement>(canvasElement, '#invite-form input[name="email"]');
    email.value = 'someone@gmail.example';
    email.dispatchEvent(new Event('input'));
    (await find<HTMLButtonElement>(canvasElement, '#invite-form button[type="submit"]')).click();
    await find(canvasElement, '#invite-form input[aria-invalid="true"]');
    await settled(canvasElement);
  },
};

/** Right after "Generate a new token" was confirmed: the token, shown once, with Copy. */
export const JoinTokenShownOnce: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/organizations/{organizationId}/join-token': NO_JOIN_TOKEN }) },
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, '#join-token-form button[type="submit"]')).click();
    await find(canvasElement, '#join-token-secret-value');
    await settled(canvasElement);
  },
};

/** A webhook's delivery log: pending with a retry due, delivered, failed after every attempt. */
export const WebhookDeliveries: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, `button[aria-controls="deliveries-${WEBHOOKS[0].id}"]`)).click();
    await find(canvasElement, `#deliveries-${WEBHOOKS[0].id} table`);
    await settled(canvasElement);
  },
};

/** Removing a member asks first, in a modal dialog with Cancel focused. */
export const ConfirmRemoval: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, `button[aria-label="Remove: ${MEMBERS[1].displayName}"]`)).click();
    await find(canvasElement, 'dialog[open]');
    await settled(canvasElement);
  },
};
