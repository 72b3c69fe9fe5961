import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import { fieldError, fieldProblemsOf, formProblem } from '../../internal/form-problems.ts';
import { dataOf, toProblem } from '../../internal/problem.ts';
import { requireClient, type PanelLink, type SectionHost } from './panel-link.ts';

type CreateBody = operations['createTenant']['requestBody']['content']['application/json'];
type ProvisionedTenant = components['schemas']['ProvisionedTenant'];

/** The fields the form shows, by their pointer below /body/ (embed origins are one textarea). */
const SHOWN_FIELDS = ['name', 'slug', 'admin/email', 'admin/displayName', 'admin/password', 'organization/name'];

/** A slug suggested from the name: "Crédit Agricole Nord" → "credit-agricole-nord". */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * Creates a tenant, and with it, if asked, its tenant admin (with an initial password: the platform
 * has no reset flow yet) and a first organization, in one request: the API creates all or nothing.
 * The slug follows the name until the user edits it.
 */
export class CreateTenantForm implements ReactiveController {
  #host: SectionHost;
  #create: Task<readonly [CreateBody], ProvisionedTenant>;
  #isOpen = false;
  #withAdmin = true;
  #withOrganization = false;
  #slug = '';
  #isSlugEdited = false;
  /** The origins last sent, so the API's `/body/embedOrigins/<i>` problems can name the line. */
  #sentOrigins: string[] = [];
  /** What the last successful request created, shown until the form is opened again. */
  #created?: ProvisionedTenant;

  constructor(host: SectionHost, link: PanelLink) {
    this.#host = host;
    host.addController(this);
    this.#create = new Task(host, {
      autoRun: false,
      task: async ([body], { signal }) => dataOf(requireClient(link).POST('/v1/tenants', { body, signal })),
      onComplete: (created) => {
        this.#created = created;
        this.#isOpen = false;
        this.#slug = '';
        this.#isSlugEdited = false;
        link.changed('tenant.created', created.tenant.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
  }

  hostConnected(): void {}

  render(): TemplateResult {
    return html`<section part="create-tenant" aria-labelledby="create-tenant-title">
      <h3 id="create-tenant-title">New tenant</h3>
      ${this.#created ? this.#summary(this.#created) : nothing}
      ${this.#isOpen
        ? this.#form()
        : html`<div class="actions"><button type="button" aria-expanded="false" @click=${this.#open}>Create a tenant</button></div>`}
    </section>`;
  }

  #summary(created: ProvisionedTenant): TemplateResult {
    const { tenant, admin, organization } = created;
    return html`<div class="success" role="status">
      Created <strong>${tenant.name}</strong> (${tenant.slug})${admin ? html` with its tenant admin ${admin.email}` : nothing}${organization
        ? html`${admin ? ' and' : ' with'} the organization ${organization.name}`
        : nothing}.
      ${admin ? html`<p class="note">Give the admin the initial password yourself: the welcome email does not contain it.</p>` : nothing}
    </div>`;
  }

  #form(): TemplateResult {
    const isPending = this.#create.status === TaskStatus.PENDING;
    const error = this.#create.status === TaskStatus.ERROR ? this.#create.error : undefined;
    const problems = fieldProblemsOf(error);
    const originProblems = Object.entries(problems)
      .filter(([field]) => field.startsWith('embedOrigins'))
      .map(([field, detail]) => {
        const index = Number(field.split('/')[1]);
        return Number.isInteger(index) && this.#sentOrigins[index] !== undefined ? `${this.#sentOrigins[index]}: ${detail}` : detail;
      });
    const shownFields = [...SHOWN_FIELDS, ...Object.keys(problems).filter((f) => f.startsWith('embedOrigins'))];
    const input = (id: string, field: string, label: string, attributes: { type?: string; autocomplete?: string; maxlength?: number; note?: string } = {}) => html`<div class="field">
      <label for=${id}>${label}${attributes.note ? html` <span class="note">${attributes.note}</span>` : nothing}</label>
      <input id=${id} name=${field} type=${attributes.type ?? 'text'} autocomplete=${attributes.autocomplete ?? 'off'} maxlength=${attributes.maxlength ?? 120}
        aria-invalid=${problems[field] ? 'true' : 'false'} aria-describedby="${id}-error" />
      ${fieldError(`${id}-error`, problems[field])}
    </div>`;
    return html`<form id="create-tenant-form" @submit=${this.#onSubmit} novalidate aria-labelledby="create-tenant-title">
      <div class="fields">
        <div class="field">
          <label for="tenant-name">Name</label>
          <input id="tenant-name" name="name" autocomplete="organization" maxlength="120" @input=${this.#onName} aria-invalid=${problems.name ? 'true' : 'false'} aria-describedby="tenant-name-error" />
          ${fieldError('tenant-name-error', problems.name)}
        </div>
        <div class="field">
          <label for="tenant-slug">Slug <span class="note">(a-z, 0-9, inner hyphens; cannot change later)</span></label>
          <input id="tenant-slug" name="slug" autocomplete="off" spellcheck="false" maxlength="63" .value=${this.#slug} @input=${this.#onSlug}
            aria-invalid=${problems.slug ? 'true' : 'false'} aria-describedby="tenant-slug-error" />
          ${fieldError('tenant-slug-error', problems.slug)}
        </div>
      </div>
      <div class="field">
        <label for="tenant-origins">Embed origins <span class="note">(optional; one per line, e.g. https://portal.bank.example)</span></label>
        <textarea id="tenant-origins" name="embedOrigins" rows="2" spellcheck="false" aria-invalid=${originProblems.length ? 'true' : 'false'} aria-describedby="tenant-origins-error"></textarea>
        ${fieldError('tenant-origins-error', originProblems.join('; ') || undefined)}
      </div>
      <label class="check"><input type="checkbox" .checked=${this.#withAdmin} @change=${(e: Event) => this.#toggle('admin', (e.target as HTMLInputElement).checked)} />Create its tenant admin</label>
      ${this.#withAdmin
        ? html`<fieldset>
            <legend>Tenant admin</legend>
            <div class="fields">
              ${input('admin-email', 'admin/email', 'Email', { type: 'email', autocomplete: 'off', maxlength: 254 })}
              ${input('admin-name', 'admin/displayName', 'Display name')}
              ${input('admin-password', 'admin/password', 'Initial password', { type: 'password', autocomplete: 'new-password', maxlength: 256, note: '(10 characters or more)' })}
            </div>
            <p class="note">The admin gets a welcome email without the password; hand it over yourself. They should change it.</p>
          </fieldset>`
        : nothing}
      <label class="check"><input type="checkbox" .checked=${this.#withOrganization} @change=${(e: Event) => this.#toggle('organization', (e.target as HTMLInputElement).checked)} />Create a first organization</label>
      ${this.#withOrganization
        ? html`<fieldset>
            <legend>First organization</legend>
            <div class="fields">${input('organization-name', 'organization/name', 'Name')}</div>
          </fieldset>`
        : nothing}
      ${formProblem(error, shownFields)}
      <div class="actions">
        <button type="submit" ?disabled=${isPending}>${isPending ? 'Creating…' : 'Create tenant'}</button>
        <button type="button" class="secondary" @click=${this.#close}>Cancel</button>
      </div>
    </form>`;
  }

  #open = async (): Promise<void> => {
    this.#isOpen = true;
    this.#created = undefined;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLInputElement>('#tenant-name')?.focus();
  };

  #close = (): void => {
    this.#isOpen = false;
    this.#host.requestUpdate();
  };

  #toggle(part: 'admin' | 'organization', isOn: boolean): void {
    if (part === 'admin') this.#withAdmin = isOn;
    else this.#withOrganization = isOn;
    this.#host.requestUpdate();
  }

  #onName = (event: Event): void => {
    if (this.#isSlugEdited) return;
    this.#slug = slugOf((event.target as HTMLInputElement).value);
    this.#host.requestUpdate();
  };

  #onSlug = (event: Event): void => {
    this.#slug = (event.target as HTMLInputElement).value;
    this.#isSlugEdited = this.#slug !== '';
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const body: CreateBody = { name: text('name'), slug: text('slug') };
    this.#sentOrigins = text('embedOrigins')
      .split(/\s+/)
      .filter((o) => o !== '');
    if (this.#sentOrigins.length > 0) body.embedOrigins = this.#sentOrigins;
    if (this.#withAdmin) body.admin = { email: text('admin/email'), displayName: text('admin/displayName'), password: String(data.get('admin/password') ?? '') };
    if (this.#withOrganization) body.organization = { name: text('organization/name') };
    void this.#create.run([body]);
  };
}
