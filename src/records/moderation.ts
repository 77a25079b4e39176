// The registry `Moderation` tab: one row and one opaque `d_` id per moderator per recommendation round, with their answer and the reminder sent.
import { normalizeEmail, withoutDeskLinks } from '../core/text';
import type { Context } from '../workspace/context';
import { REGISTRY_TAB, type RegistryHeader } from '../workspace/schema';
import type { Table } from '../workspace/table';
import { perExecution, TableStore } from './per-execution';
import { registryTab } from '../workspace/unit-of-work';

export type ModerationHeader = RegistryHeader<typeof REGISTRY_TAB.moderation>;

export type ModeratorAnswer = '' | 'accept' | 'disagree';

export interface ModeratorRecord {
  ref: number;
  caseId: string;
  id: string;
  email: string;
  space: string;
  sentAt: string;
  answer: ModeratorAnswer;
  details: string;
  answeredAt: string;
  remindedAt: string;
}

/** Where the round stands: any disagreement wins, then any acceptance, else waiting. */
export function roundStanding(round: readonly ModeratorRecord[]): 'none' | 'waiting' | 'accepted' | 'disagreed' {
  if (!round.length) return 'none';
  if (round.some((m) => m.answer === 'disagree')) return 'disagreed';
  if (round.some((m) => m.answer === 'accept')) return 'accepted';
  return 'waiting';
}

export class ModerationStore extends TableStore<Table<ModerationHeader>> {
  /** Every moderator ever asked about the case (all rounds), in the order they were asked. */
  forCase(caseId: string): ModeratorRecord[] {
    return this.table()
      .refsWhere('Case ID', caseId)
      .map((ref) => this.moderatorAt(ref));
  }

  /** A moderator's row by id (any case, any round), or null. */
  byId(moderatorId: string): ModeratorRecord | null {
    const refs = this.table().refsWhere('Moderator ID', moderatorId);
    return refs.length ? this.moderatorAt(refs[0]) : null;
  }

  /** Records that the recommendation was sent to this moderator (no answer yet). */
  add(m: { caseId: string; id: string; email: string; space: string; sentAt: string }): void {
    this.table().append({
      'Case ID': m.caseId,
      'Moderator ID': m.id,
      Moderator: m.email,
      Space: m.space,
      'Sent At': m.sentAt,
      Answer: '',
      Details: '',
      'Answered At': '',
      'Reminded At': '',
    });
  }

  /** Records (or changes) the moderator's answer. */
  recordAnswer(moderator: ModeratorRecord, answer: 'accept' | 'disagree', details: string, at: string): void {
    this.table().update(moderator.ref, { Answer: answer, Details: details, 'Answered At': at });
    moderator.answer = answer;
    moderator.details = details;
    moderator.answeredAt = at;
  }

  markReminded(moderator: ModeratorRecord, at: string): void {
    this.table().update(moderator.ref, { 'Reminded At': at });
    moderator.remindedAt = at;
  }

  private moderatorAt(ref: number): ModeratorRecord {
    const v = this.table().get(ref);
    const answer = String(v.Answer ?? '').trim();
    return {
      ref,
      caseId: String(v['Case ID'] ?? '').trim(),
      id: String(v['Moderator ID'] ?? '').trim(),
      email: normalizeEmail(String(v.Moderator ?? '')),
      space: String(v.Space ?? '').trim(),
      sentAt: String(v['Sent At'] ?? '').trim(),
      answer: (answer === 'accept' || answer === 'disagree' ? answer : '') as ModeratorAnswer,
      // As written, but for links of the desk: a version before ADV-537 kept them, and members' pages and the escalation
      // show these words (ADV-562).
      details: withoutDeskLinks(String(v.Details ?? '')),
      answeredAt: String(v['Answered At'] ?? '').trim(),
      remindedAt: String(v['Reminded At'] ?? '').trim(),
    };
  }
}

/** The execution's moderation store (registry `Moderation`, read on first use). */
export const moderationOf = perExecution(
  'records.moderation',
  (ctx: Context) => new ModerationStore(() => registryTab(ctx, REGISTRY_TAB.moderation)),
);
