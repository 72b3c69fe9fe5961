import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrTenantAdminPanel } from '../../widgets/src/index.ts';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';
import { BANK, LONG_NAMES, USERS, manyUsers, tenantAdminRoutes } from '../mocks/tenant-admin-fixtures.ts';

type Args = Pick<DrTenantAdminPanel, 'tenantId'>;

/** An element of the panel's shadow root, once the panel has rendered it. */
async function find<T extends Element>(canvasElement: HTMLElement, selector: string, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = canvasElement.querySelector('dr-tenant-admin-panel')?.shadowRoot?.querySelector<T>(selector);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${selector} in <dr-tenant-admin-panel>`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const meta = {
  title: 'Widgets/dr-tenant-admin-panel',
  component: 'dr-tenant-admin-panel',
  render: (args) => html`<dr-tenant-admin-panel tenant-id=${args.tenantId}></dr-tenant-admin-panel>`,
  args: { tenantId: '' },
  parameters: { drApi: mockApi(tenantAdminRoutes()) },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** A tenant admin's own bank: four organizations (one full, one uncapped), nine users (one disabled), two embed origins. */
export const Populated: Story = {};

export const Loading: Story = { parameters: { drApi: mockApi({ 'GET /v1/me': PENDING }) } };

/** The session is over: the API's 401 is all the panel shows. */
export const TokenExpired: Story = {
  parameters: { drApi: mockApi({ 'GET /v1/me': problem(401, 'Token expired', 'The access token expired; sign in again.', { type: '/problems/token-expired' }) }) },
};

/** Another tenant's id answers 404 like one that does not exist; nothing else of it is requested. */
export const OtherTenant: Story = { args: { tenantId: '3c9b2f6e-0000-4000-8000-00000000beef' } };

/** A new tenant: no organizations, only its admin, no embed origins. */
export const Empty: Story = {
  parameters: { drApi: mockApi(tenantAdminRoutes({ tenant: { ...BANK, embedOrigins: [] }, organizations: [], users: USERS.slice(0, 1) })) },
};

/** Long organization and user names wrap inside a narrow host; the tables scroll sideways. */
export const LongNamesNarrow: Story = {
  parameters: { drApi: mockApi(tenantAdminRoutes(LONG_NAMES)) },
  render: (args) => html`<div style="max-width: 26rem"><dr-tenant-admin-panel tenant-id=${args.tenantId}></dr-tenant-admin-panel></div>`,
};

/** 49 users, 20 a page: the users list has a pager. */
export const ManyUsers: Story = { parameters: { drApi: mockApi(tenantAdminRoutes({ users: manyUsers(40) })) } };

/** Deleting an organization that still has members: the API's 409 and what to do, inside the confirmation dialog. */
export const DeleteRefused: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, 'button[aria-label="Delete Corporate Lending"]')).click();
    (await find<HTMLButtonElement>(canvasElement, 'dialog.confirm button.danger')).click();
    await find(canvasElement, 'dialog.confirm .hint');
  },
};

/** A name the tenant uses already: the API's problem next to the field. */
export const DuplicateName: Story = {
  play: async ({ canvasElement }) => {
    const name = await find<HTMLInputElement>(canvasElement, '#create-organization-name');
    name.value = 'Risk Office';
    (await find<HTMLButtonElement>(canvasElement, 'form.create button[type="submit"]')).click();
    await find(canvasElement, '#create-organization-name-error:not(:empty)');
  },
};

/** A user's manager open: organization and role, remove, disable. */
export const ManagingAUser: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, `button[data-manage="${USERS[2].id}"]`)).click();
    await find(canvasElement, 'form.membership');
  },
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };
