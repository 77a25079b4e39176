// Tells the owner about mistakes in the owner-edited `Settings` and `Committee` tabs: setup prints them, and the sweep alerts once per distinct set of problems.
import { loosenedSettings, nextKept, parseCommittee } from '../core/settings';
import { hashText } from '../core/hash';
import type { Context } from '../workspace/context';
import { buildAlertMail, lastAddressIn, lastRoleIn, listsNoMember, wasInactiveIn } from '../workspace/members';
import { PROP, REGISTRY_TAB, STATUS_TAB } from '../workspace/schema';
import { STATUS_KEY_HEADER, statusRowsOf } from '../records/status-rows';
import { settingsOf, activeMembers } from '../workspace/committee';
import { ownerAddressOf } from '../workspace/context';
import { recordAudit } from '../workspace/audit-trail';
import { readProp, writeProp } from '../workspace/script-properties';
import { queueMail } from '../workspace/outbox';
import { registryTab, commitWork, statusTab } from '../workspace/unit-of-work';

/**
 * Keeps the Script Property copy of the committee's and the community's names in step with `Settings`, so pages and
 * mail in executions that do not read Settings use them too (Context.open), and the values last read, which a value
 * typed wrong later falls back to. Writes only on a change.
 */
export function rememberVoice(ctx: Context): void {
  const { settings, kept } = ctx.committee.settings();
  const voice = JSON.stringify(settings.voice);
  if (readProp(ctx, PROP.voice) !== voice) writeProp(ctx, PROP.voice, voice);
  const before = readProp(ctx, PROP.settingsKept);
  const next = nextKept(before, kept);
  if (!next) return;
  // Only the committee account edits Settings: a change that keeps or shows more is told to the committee, once per
  // change; on disk before the values are, so a run that dies in between tells it again rather than never.
  const more = loosenedSettings(before, kept);
  if (more.length) {
    alertAll(
      ctx,
      'A Settings change keeps or shows more than before',
      more,
      `loosened:${next.change}:${hashText(more.join())}`,
    );
    commitWork(ctx);
  }
  writeProp(ctx, PROP.settingsKept, next.text);
}

export const CONFIGURATION_ALERT_TITLE = 'The Settings or Committee tab needs a correction';

/** Every problem in `Settings` and `Committee`, in the words the parsers chose (row, value, what happens instead). */
export function configurationProblems(ctx: Context): string[] {
  rememberVoice(ctx);
  const settings = ctx.committee.settings().problems;
  const rows = statusTab(ctx, STATUS_TAB.committee).asRows();
  const committee = parseCommittee(rows, {
    committeeAccount: ownerAddressOf(ctx) ?? '',
    groups: settingsOf(ctx).groupAddresses,
    lastRole: (email) => lastRoleIn(registryTab(ctx, REGISTRY_TAB.members), email),
    wasInactive: (email) => wasInactiveIn(registryTab(ctx, REGISTRY_TAB.members), email),
    lastAddress: (name) => lastAddressIn(registryTab(ctx, REGISTRY_TAB.members), name),
  }).problems;
  // The tab setup made for a renamed or deleted one (members.ts): the committee stays the one last recorded until then.
  if (listsNoMember(rows) && activeMembers(ctx).length)
    committee.push('The Committee tab lists no member: type them in again.');
  // A renamed or deleted header of the Cases tab: the system then leaves that column alone until it is back.
  const cases = statusRowsOf(ctx)
    .missingHeaders()
    .map(
      (h) =>
        `The Cases tab has no "${h}" column (its header was renamed or deleted): the system cannot fill it in until the header is restored${h === STATUS_KEY_HEADER ? ', and cannot add or update any row' : ''}.`,
    );
  return [...settings, ...committee, ...cases];
}

/**
 * Alerts the active members and the committee account when the tabs hold mistakes. The key is a hash of the
 * problem list, so the same list is told once, and a new or changed mistake is told again. The tabs only hold
 * what members can already read (settings, roster), never report content.
 */
export function alertConfigurationProblems(ctx: Context): number {
  const problems = configurationProblems(ctx);
  if (!problems.length) return 0;
  const discriminator = `settings:${hashText(problems.join('\n'))}`;
  const lines = [
    ...problems,
    'Until this is corrected, Conduct Desk does what each line says (uses the default, or skips the row).',
    'Only the committee account can edit these tabs: correct them there, then run setup again to check at once.',
  ];
  return alertAll(ctx, CONFIGURATION_ALERT_TITLE, lines, discriminator);
}

/** Mails the lines to the active members and the committee account, once per discriminator. */
function alertAll(ctx: Context, title: string, lines: string[], discriminator: string): number {
  const recipients = activeMembers(ctx).map((m) => ({ id: m.id, email: m.email }));
  const owner = ownerAddressOf(ctx);
  if (owner && !recipients.some((r) => r.email === owner)) recipients.push({ id: 'owner', email: owner });
  let queued = 0;
  for (const member of recipients) {
    const mail = buildAlertMail({ title, lines, caseId: '-', member, discriminator });
    if (queueMail(ctx, mail)) queued++;
  }
  if (queued) recordAudit(ctx, 'configuration.alerted', '-', `${lines.length} line(s) (${queued} recipients)`);
  return queued;
}
