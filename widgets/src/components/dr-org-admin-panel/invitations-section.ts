import { html, nothing, type TemplateResult } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { ORG_ROLES, ROLE_LABELS, formatDateTime } from '../../internal/admin-format.ts';
import { adminTable } from '../../internal/admin-table.ts';
import { fieldError, formProblem } from '../../internal/form-problems.ts';
import { dataOf } from '../../internal/problem.ts';
import { AdminList } from './admin-list.ts';
import { AdminSection, type AdminScope } from './admin-section.ts';
import { rowButton } from './row-button.ts';

type Invitation = components['schemas']['Invitation'];
type InvitationStatus = components['schemas']['InvitationStatus'];
type OrgRole = components['schemas']['OrgRole'];

const PAGE_SIZE = 25;
const STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const satisfies readonly InvitationStatus[];
const STATUS_LABELS: Record<InvitationStatus, string> = { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' };
const STATUS_TONES: Record<InvitationStatus, string> = { pending: 'wait', accepted: 'good', revoked: 'none', expired: 'bad' };
/** The invite form's fields, by their pointer below /body/. */
const INVITE_FIELDS = ['email', 'role'];

/**
 * Invitations: invite an email address with a role (the API emails a single-use link), list them
 * by status and revoke pending ones. The API's field problems (a malformed address, one outside the
 * organization's allow-list) appear under the field they are about.
 */
export class InvitationsSection extends AdminSection {
  /** Which invitations the list shows; pending ones by default, the ones an admin can act on. */
  #status: InvitationStatus | '' = 'pending';
  #email = '';
  #role: OrgRole = 'org_member';

  #list = new AdminList<Invitation>(this.host, {
    isEnabled: (scope) => this.isVisible(scope),
    filters: () => [this.#status],
    pagerLabel: 'Pages of invitations',
    load: (scope, cursor, signal) => {
      const query: { limit: number; cursor?: string; status?: InvitationStatus } = { limit: PAGE_SIZE };
      if (cursor) query.cursor = cursor;
      if (this.#status) query.status = this.#status;
      return dataOf(scope.client.GET('/v1/organizations/{organizationId}/invitations', { params: { path: { organizationId: scope.organization.id }, query }, signal }));
    },
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('members.invite');
  }

  get hasSettled(): boolean {
    return this.#list.hasSettled;
  }

  render(scope: AdminScope): TemplateResult {
    return html`<section part="section" aria-labelledby="invitations-title" aria-busy=${this.#list.isBusy ? 'true' : 'false'}>
      <div class="section-head">
        <h3 id="invitations-title" tabindex="-1">Invitations</h3>
        <div class="filters">
          <label
            >Show
            <select @change=${this.#onStatus} .value=${this.#status}>
              <option value="">All invitations</option>
              ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.#status === s}>${STATUS_LABELS[s]}</option>`)}
            </select>
          </label>
        </div>
      </div>
      ${this.#list.render(
        { loading: 'Loading invitations…', empty: this.#status === 'pending' ? 'No pending invitations.' : 'No invitations.' },
        (invitations) => this.#table(invitations, scope),
      )}
      ${this.#form(scope)}
    </section>`;
  }

  #form(scope: AdminScope): TemplateResult {
    const problems = this.fieldProblems('invite');
    const isBusy = this.busyKey === 'invite';
    return html`<form id="invite-form" part="form" novalidate aria-labelledby="invite-title" @submit=${(e: SubmitEvent) => this.#invite(e, scope)}>
      <h4 id="invite-title">Invite someone</h4>
      <div class="fields">
        <div class="field">
          <label for="invite-email">Email address</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autocomplete="off"
            spellcheck="false"
            .value=${this.#email}
            @input=${(e: Event) => (this.#email = (e.target as HTMLInputElement).value)}
            aria-invalid=${problems.email ? 'true' : 'false'}
            aria-describedby="invite-email-error"
          />
          ${fieldError('invite-email-error', problems.email)}
        </div>
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role" .value=${this.#role} @change=${(e: Event) => (this.#role = (e.target as HTMLSelectElement).value as OrgRole)} aria-invalid=${problems.role ? 'true' : 'false'} aria-describedby="invite-role-error">
            ${ORG_ROLES.map((r) => html`<option value=${r} ?selected=${this.#role === r}>${ROLE_LABELS[r]}</option>`)}
          </select>
          ${fieldError('invite-role-error', problems.role)}
        </div>
      </div>
      <div class="actions">
        <button type="submit" ?disabled=${isBusy}>${isBusy ? 'Sending…' : 'Send invitation'}</button>
        <span class="note">The invitation email holds a single-use link.</span>
      </div>
      ${formProblem(this.errorOf('invite'), INVITE_FIELDS)}
    </form>`;
  }

  #table(invitations: Invitation[], scope: AdminScope): TemplateResult {
    return adminTable({
      caption: `Invitations to ${scope.organization.name}${this.#status ? `, ${STATUS_LABELS[this.#status].toLowerCase()} only` : ''}`,
      columns: [{ label: 'Email' }, { label: 'Role' }, { label: 'Status' }, { label: 'Expires' }],
      rows: invitations.map(
        (invitation) => html`<tr part="row">
          <th scope="row" class="name">${invitation.email}</th>
          <td class="nowrap">${ROLE_LABELS[invitation.role]}</td>
          <td><span class="pill" data-tone=${STATUS_TONES[invitation.status]}>${STATUS_LABELS[invitation.status]}</span></td>
          <td class="nowrap">${formatDateTime(invitation.expiresAt)}</td>
          <td class="row-actions">
            ${invitation.status === 'pending' ? rowButton('Revoke', `invitation of ${invitation.email}`, () => this.#revoke(invitation, scope), { className: 'danger' }) : nothing}
          </td>
        </tr>`,
      ),
    });
  }

  #onStatus(event: Event): void {
    this.#status = (event.target as HTMLSelectElement).value as InvitationStatus | '';
    this.#list.restart();
  }

  async #invite(event: SubmitEvent, scope: AdminScope): Promise<void> {
    event.preventDefault();
    // The API judges the address (format, allow-list) and names the field at fault.
    const email = this.#email.trim();
    const role = this.#role;
    const done = await this.act(
      'invite',
      () => dataOf(scope.client.POST('/v1/organizations/{organizationId}/invitations', { params: { path: { organizationId: scope.organization.id } }, body: { email, role } })),
      (invitation) => ({ action: 'invitation.created', targetId: invitation.id }),
      INVITE_FIELDS,
    );
    if (done) {
      this.#email = '';
      this.#list.restart();
    } else {
      this.focusSoon('#invite-form [aria-invalid="true"]');
    }
  }

  #revoke(invitation: Invitation, scope: AdminScope): void {
    this.confirmChange(
      {
        title: `Revoke the invitation of ${invitation.email}?`,
        message: 'The link in their email stops working at once. You can invite them again later.',
        confirmLabel: 'Revoke invitation',
      },
      () =>
        dataOf(
          scope.client.DELETE('/v1/organizations/{organizationId}/invitations/{invitationId}', {
            params: { path: { organizationId: scope.organization.id, invitationId: invitation.id } },
          }),
        ),
      () => {
        this.#list.reload();
        this.focusSoon('#invitations-title');
        return { action: 'invitation.revoked', targetId: invitation.id };
      },
    );
  }
}
