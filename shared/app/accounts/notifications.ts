import { ROLE_LABELS } from '../../domain/roles';
import type { AccessRequest, Mailer } from './ports';

/** Emails about access requests. Values are escaped for HTML; links go to the web app's pages. */

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function paragraphs(lines: string[]): string {
  return lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
}

export async function emailDecision(mailer: Mailer, appBaseUrl: string, r: AccessRequest): Promise<void> {
  const role = ROLE_LABELS[r.role];
  const approved = r.status === 'approved';
  const lines = approved
    ? [
        `Your request for ${role} access to ${r.orgName} has been approved.`,
        `Sign in to start: ${appBaseUrl}/sign-in`,
      ]
    : [
        `Your request for ${role} access to ${r.orgName} has been rejected.`,
        ...(r.decisionReason ? [`Reason given: ${r.decisionReason}`] : []),
        `If you think this is wrong, ask your organisation, or request access again: ${appBaseUrl}/request-access`,
      ];
  await mailer.send({
    to: r.email,
    subject: approved ? `Access approved: ${r.orgName}` : `Access request rejected: ${r.orgName}`,
    text: lines.join('\n\n'),
    html: paragraphs(lines),
    kind: approved ? 'access-approved' : 'access-rejected',
  });
}

export async function emailApprovers(
  mailer: Mailer,
  appBaseUrl: string,
  r: AccessRequest,
  approverEmails: readonly string[],
): Promise<void> {
  const lines = [
    `${r.email} has asked for ${ROLE_LABELS[r.role]} access to ${r.orgName}.`,
    ...(r.reason ? [`They said: ${r.reason}`] : []),
    `Approve or reject it: ${appBaseUrl}/approvals`,
  ];
  for (const to of approverEmails) {
    await mailer.send({
      to,
      subject: `Access request for ${r.orgName}`,
      text: lines.join('\n\n'),
      html: paragraphs(lines),
      kind: 'access-requested',
    });
  }
}
