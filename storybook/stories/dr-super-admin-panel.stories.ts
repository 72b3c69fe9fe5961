import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { PENDING, mockApi, problem } from '../mocks/mock-api.ts';
import { LONG_NAMED_TENANTS, TENANTS, manyTenants, superAdminRoutes } from '../mocks/super-admin-fixtures.ts';

/** An element of the panel's shadow root, once the panel has rendered it. */
async function find<T extends Element>(canvasElement: HTMLElement, selector: string, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = canvasElement.querySelector('dr-super-admin-panel')?.shadowRoot?.querySelector<T>(selector);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${selector} in <dr-super-admin-panel>`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Types into an input of the panel as a user would (the panel listens to `input`). */
async function type(canvasElement: HTMLElement, selector: string, value: string): Promise<void> {
  const input = await find<HTMLInputElement>(canvasElement, selector);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

const meta = {
  title: 'Widgets/dr-super-admin-panel',
  component: 'dr-super-admin-panel',
  render: () => html`<dr-super-admin-panel></dr-super-admin-panel>`,
  parameters: { drApi: mockApi(superAdminRoutes()) },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** Platform figures and six tenants, one suspended. */
export const Populated: Story = {};

export const Loading: Story = { parameters: { drApi: mockApi({ 'GET /v1/platform/stats': PENDING, 'GET /v1/tenants': PENDING }) } };

/** A tenant admin's token: the API's 403, and no tenant at all. */
export const Forbidden: Story = {
  parameters: {
    drApi: mockApi({
      'GET /v1/platform/stats': problem(403, 'Forbidden', 'Your role tenant_admin may not do platform.stats.'),
      'GET /v1/tenants': problem(403, 'Forbidden', 'Your role tenant_admin may not do tenants.manage.'),
    }),
  },
};

/** A fresh platform: no tenant yet. */
export const Empty: Story = { parameters: { drApi: mockApi(superAdminRoutes([])) } };

/** A long tenant name wraps inside a narrow host; the table scrolls sideways. */
export const LongNamesNarrow: Story = {
  parameters: { drApi: mockApi(superAdminRoutes(LONG_NAMED_TENANTS)) },
  render: () => html`<div style="max-width: 26rem"><dr-super-admin-panel></dr-super-admin-panel></div>`,
};

/** 45 tenants, 20 a page: the pager. */
export const ManyTenants: Story = { parameters: { drApi: mockApi(superAdminRoutes([...TENANTS, ...manyTenants(39)])) } };

/** One tenant's figures, opened from its row. */
export const DrillDown: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, `button[aria-label="Figures of ${TENANTS[0].name}"]`)).click();
    await find(canvasElement, '.editor-row [part="figures"]');
  },
};

/** The new tenant form, with its admin. */
export const CreatingATenant: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, '[part="create-tenant"] button')).click();
    await type(canvasElement, '#tenant-name', 'Riverside Savings');
  },
};

/** A slug another tenant has: the API's 409 next to the slug field. */
export const SlugTaken: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, '[part="create-tenant"] button')).click();
    await type(canvasElement, '#tenant-name', 'Aurora');
    await type(canvasElement, '#admin-email', 'it-admin@aurora.example');
    await type(canvasElement, '#admin-name', 'Ana Aurora');
    await type(canvasElement, '#admin-password', 'initial-passphrase-42');
    (await find<HTMLButtonElement>(canvasElement, '#create-tenant-form button[type="submit"]')).click();
    await find(canvasElement, '#tenant-slug-error:not(:empty)');
  },
};

/** Suspending asks first, in a modal dialog whose Cancel has the focus. */
export const SuspendConfirmation: Story = {
  play: async ({ canvasElement }) => {
    (await find<HTMLButtonElement>(canvasElement, `button[aria-label="Suspend ${TENANTS[1].name}"]`)).click();
    await find(canvasElement, 'dialog.confirm[open]');
  },
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };
