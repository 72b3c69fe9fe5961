import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import { formatCount } from '../../internal/admin-format.ts';
import { pagedAdminTable } from '../../internal/admin-table.ts';
import { fieldError, fieldProblemsOf, formProblem } from '../../internal/form-problems.ts';
import { KeysetPager } from '../../internal/keyset-pager.ts';
import { dataOf, toProblem, type DrProblem } from '../../internal/problem.ts';
import { StatusAnnouncer } from '../../internal/status-announcer.ts';
import { requireClient, type PanelLink, type SectionHost } from './panel-link.ts';

type Organization = components['schemas']['Organization'];
type OrganizationPage = components['schemas']['OrganizationList'];
type CreateBody = operations['createOrganization']['requestBody']['content']['application/json'];
type UpdateBody = operations['updateOrganization']['requestBody']['content']['application/json'];

const PAGE_SIZE = 20;
/** Fields of both organization forms; the API's pointers are `/body/<field>`. */
const ORGANIZATION_FIELDS = ['name', 'memberCap', 'allowGlobalData'] as const;

/** The form's fields as the API wants them: an empty cap means no cap. */
function organizationFields(form: HTMLFormElement): Required<Pick<UpdateBody, 'name' | 'memberCap' | 'allowGlobalData'>> {
  const data = new FormData(form);
  const cap = String(data.get('memberCap') ?? '').trim();
  return { name: String(data.get('name') ?? '').trim(), memberCap: cap === '' ? null : Number(cap), allowGlobalData: data.get('allowGlobalData') === 'on' };
}

/**
 * The tenant's organizations: a page of them with head count, cap and global-data setting; a form
 * to create one; an inline editor per organization (name, cap, global data); and deletion after a
 * confirmation, where the API's 409 for an organization that still has members is shown.
 */
export class OrganizationsSection implements ReactiveController {
  #host: SectionHost;
  #link: PanelLink;
  #pager: KeysetPager;
  #list: Task<readonly [PanelLink['client'], string | undefined, string | null], OrganizationPage>;
  #create: Task<readonly [CreateBody], Organization>;
  #update: Task<readonly [string, UpdateBody], Organization>;
  /** The organization whose editor is open. */
  #editingId?: string;
  #statusLine: StatusAnnouncer;

  constructor(host: SectionHost, link: PanelLink) {
    this.#host = host;
    this.#link = link;
    host.addController(this);
    this.#pager = new KeysetPager(host);
    this.#statusLine = new StatusAnnouncer(host);
    this.#list = new Task(host, {
      args: () => [link.client, link.tenantId, this.#pager.cursor] as const,
      task: async ([client, tenantId, cursor], { signal }) => {
        if (!client || !tenantId) return initialState;
        const query = cursor ? { tenantId, limit: PAGE_SIZE, cursor } : { tenantId, limit: PAGE_SIZE };
        return dataOf(client.GET('/v1/organizations', { params: { query }, signal }));
      },
      onComplete: () => link.loaded('organizations'),
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#create = new Task(host, {
      autoRun: false,
      task: async ([body], { signal }) => {
        const client = this.#requireClient();
        return dataOf(client.POST('/v1/organizations', { body, signal }));
      },
      onComplete: (org) => {
        this.#statusLine.announce(`Created ${org.name}.`);
        link.changed('organization.created', org.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
    this.#update = new Task(host, {
      autoRun: false,
      task: async ([organizationId, body], { signal }) => {
        const client = this.#requireClient();
        return dataOf(client.PATCH('/v1/organizations/{organizationId}', { params: { path: { organizationId } }, body, signal }));
      },
      onComplete: (org) => {
        this.#statusLine.announce(`Saved ${org.name}.`);
        this.#closeEditor(org.id);
        link.changed('organization.updated', org.id);
      },
      onError: (error) => link.failed(toProblem(error)),
    });
  }

  hostConnected(): void {}

  /** Loads the page on screen again (after a change elsewhere moved members). */
  reload(): void {
    void this.#list.run();
  }

  render(): TemplateResult {
    return html`<section part="organizations" aria-labelledby="organizations-title">
      <h3 id="organizations-title">Organizations</h3>
      ${this.#createForm()}
      ${this.#statusLine.render()}
      ${pagedAdminTable({
        list: this.#list,
        pager: this.#pager,
        caption: `Organizations of the tenant, page ${this.#pager.pageNumber}`,
        columns: [{ label: 'Name' }, { label: 'Members', className: 'num' }, { label: 'Global data' }],
        row: (org) => this.#row(org),
        emptyText: 'No organizations yet: create the first one above.',
        loadingText: 'Loading organizations…',
        pagerLabel: 'Organization pages',
      })}
    </section>`;
  }

  #createForm(): TemplateResult {
    const isPending = this.#create.status === TaskStatus.PENDING;
    const error = this.#create.status === TaskStatus.ERROR ? this.#create.error : undefined;
    const problems = fieldProblemsOf(error);
    return html`<form class="create" @submit=${this.#onCreate} novalidate aria-labelledby="create-organization-title">
      <h4 id="create-organization-title">New organization</h4>
      <div class="fields">
        <div class="field">
          <label for="create-organization-name">Name</label>
          <input id="create-organization-name" name="name" autocomplete="off" maxlength="120" aria-invalid=${problems.name ? 'true' : 'false'} aria-describedby="create-organization-name-error" />
          ${fieldError('create-organization-name-error', problems.name)}
        </div>
        <div class="field">
          <label for="create-organization-cap">Member cap <span class="note">(empty: no cap)</span></label>
          <input id="create-organization-cap" name="memberCap" type="number" min="1" max="1000000" step="1" inputmode="numeric"
            aria-invalid=${problems.memberCap ? 'true' : 'false'} aria-describedby="create-organization-cap-error" />
          ${fieldError('create-organization-cap-error', problems.memberCap)}
        </div>
      </div>
      <div class="actions">
        <label class="check"><input type="checkbox" name="allowGlobalData" checked />Use the platform's reference data</label>
        <button type="submit" ?disabled=${isPending}>${isPending ? 'Creating…' : 'Create organization'}</button>
      </div>
      ${formProblem(error, ['name', 'memberCap'])}
    </form>`;
  }

  #row(org: Organization): TemplateResult {
    const isEditing = this.#editingId === org.id;
    return html`<tr part="row">
        <th scope="row" class="name">${org.name}</th>
        <td class="num">${formatCount(org.memberCount)}${org.memberCap === null ? html`<span class="sub">no cap</span>` : html`<span class="sub">of ${formatCount(org.memberCap)}</span>`}</td>
        <td>${org.allowGlobalData ? 'Allowed' : 'Not allowed'}</td>
        <td class="row-actions">
          <button type="button" class="secondary" data-edit=${org.id} aria-expanded=${isEditing ? 'true' : 'false'} aria-label="Edit ${org.name}" @click=${() => this.#openEditor(org.id)}>
            Edit
          </button>
          <button type="button" class="danger" aria-label="Delete ${org.name}" @click=${() => this.#askDelete(org)}>Delete</button>
        </td>
      </tr>
      ${isEditing ? html`<tr class="editor-row"><td colspan="4">${this.#editor(org)}</td></tr>` : nothing}`;
  }

  #editor(org: Organization): TemplateResult {
    const isPending = this.#update.status === TaskStatus.PENDING;
    const error = this.#update.status === TaskStatus.ERROR ? this.#update.error : undefined;
    const problems = fieldProblemsOf(error);
    const id = (field: string) => `edit-organization-${field}`;
    return html`<form class="editor" @submit=${(e: SubmitEvent) => this.#onUpdate(e, org)} novalidate aria-label="Edit ${org.name}">
      <div class="fields">
        <div class="field">
          <label for=${id('name')}>Name</label>
          <input id=${id('name')} name="name" autocomplete="off" maxlength="120" .value=${org.name} aria-invalid=${problems.name ? 'true' : 'false'} aria-describedby=${id('name-error')} />
          ${fieldError(id('name-error'), problems.name)}
        </div>
        <div class="field">
          <label for=${id('cap')}>Member cap <span class="note">(empty: no cap)</span></label>
          <input id=${id('cap')} name="memberCap" type="number" min="1" max="1000000" step="1" inputmode="numeric" .value=${org.memberCap === null ? '' : String(org.memberCap)}
            aria-invalid=${problems.memberCap ? 'true' : 'false'} aria-describedby=${id('cap-error')} />
          ${fieldError(id('cap-error'), problems.memberCap)}
        </div>
      </div>
      <label class="check"><input type="checkbox" name="allowGlobalData" .checked=${org.allowGlobalData} />Use the platform's reference data</label>
      ${org.memberCap !== null ? html`<p class="note">Lowering the cap below the head count removes nobody; it only stops new members joining.</p>` : nothing}
      ${formProblem(error, ['name', 'memberCap', 'allowGlobalData'])}
      <div class="actions">
        <button type="submit" ?disabled=${isPending}>${isPending ? 'Saving…' : 'Save'}</button>
        <button type="button" class="secondary" @click=${() => this.#closeEditor(org.id)}>Cancel</button>
      </div>
    </form>`;
  }

  #requireClient() {
    return requireClient(this.#link);
  }

  #onCreate = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const tenantId = this.#link.tenantId;
    if (!tenantId) return;
    const { name, memberCap, allowGlobalData } = organizationFields(form);
    const body: CreateBody = { tenantId, name, allowGlobalData };
    if (memberCap !== null) body.memberCap = memberCap;
    void this.#create.run([body]).then(() => {
      if (this.#create.status === TaskStatus.COMPLETE) form.reset();
    });
  };

  #onUpdate(event: SubmitEvent, org: Organization): void {
    event.preventDefault();
    const fields = organizationFields(event.currentTarget as HTMLFormElement);
    // Only what changed: the API refuses a PATCH of fields the caller may not set, even unchanged ones.
    const body: UpdateBody = {};
    if (fields.name !== org.name) body.name = fields.name;
    if (fields.memberCap !== org.memberCap) body.memberCap = fields.memberCap;
    if (fields.allowGlobalData !== org.allowGlobalData) body.allowGlobalData = fields.allowGlobalData;
    if (Object.keys(body).length === 0) {
      this.#closeEditor(org.id);
      return;
    }
    void this.#update.run([org.id, body]);
  }

  async #openEditor(organizationId: string): Promise<void> {
    this.#editingId = this.#editingId === organizationId ? undefined : organizationId;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLInputElement>('#edit-organization-name')?.focus();
  }

  async #closeEditor(organizationId: string): Promise<void> {
    if (this.#editingId !== organizationId) return;
    this.#editingId = undefined;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLButtonElement>(`button[data-edit="${organizationId}"]`)?.focus();
  }

  #askDelete(org: Organization): void {
    this.#link.confirm({
      title: `Delete ${org.name}?`,
      message: 'Its pending invitations and join token go with it. This cannot be undone.',
      confirmLabel: 'Delete organization',
      action: async () => {
        const client = this.#requireClient();
        await dataOf(client.DELETE('/v1/organizations/{organizationId}', { params: { path: { organizationId: org.id } } }));
        this.#statusLine.announce(`Deleted ${org.name}.`);
        this.#link.changed('organization.deleted', org.id);
      },
      hint: (problem: DrProblem) => {
        const members = problem.document.memberCount;
        return problem.status === 409 && typeof members === 'number'
          ? `Under Users, move ${members === 1 ? 'its member' : `its ${formatCount(members)} members`} to another organization or remove them from it, then delete it.`
          : undefined;
      },
    });
  }
}
