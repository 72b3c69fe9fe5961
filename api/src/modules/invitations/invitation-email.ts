import type { OrgRole } from '../access/roles.ts';

const ROLE_LABELS: Record<OrgRole, string> = { org_admin: 'an organization admin', org_member: 'a member' };

/** Subject and plain-text body of an invitation email; the only place the raw token is ever written. */
export function invitationEmail(input: { organizationName: string; role: OrgRole; token: string; expiresAt: Date; publicBaseUrl: string }): { subject: string; bodyText: string } {
  const link = `${input.publicBaseUrl.replace(/\/+$/, '')}/invitations/accept?token=${encodeURIComponent(input.token)}`;
  return {
    subject: `You are invited to join ${input.organizationName} on DefaultRate`,
    bodyText: [
      'Hello,',
      '',
      `You have been invited to join ${input.organizationName} on DefaultRate as ${ROLE_LABELS[input.role]}.`,
      '',
      `Accept the invitation: ${link}`,
      '',
      `The link works once and expires on ${input.expiresAt.toISOString()}.`,
      'If you did not expect this invitation, you can ignore this email.',
    ].join('\n'),
  };
}
