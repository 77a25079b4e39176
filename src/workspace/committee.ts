// The committee of one execution: the parsed `Settings` and the `Committee` roster joined with the registry's member ids, each read once, with lookups by id and address.
import { useVoice } from '../core/messages';
import { canonicalAddress } from '../core/identity';
import { normalizeEmail } from '../core/text';
import type { Clock } from './clock';
import type { Settings } from '../core/settings';
import { readCommittee, readSettings, type CommitteeMember, type SettingsView } from './members';
import { REGISTRY_TAB, STATUS_TAB } from './schema';
import type { UnitOfWork } from './unit-of-work';

export class Committee {
  private settingsView: SettingsView | null = null;
  private roster: CommitteeMember[] | null = null;

  /** Reads its tabs through the unit of work (so they are read once and committed with the rest); ids come from the clock. */
  constructor(
    private readonly work: UnitOfWork,
    private readonly clock: Clock,
    /** The committee account's address (Script Property `owner`), never a member; '' before setup recorded it. */
    private readonly committeeAccount: () => string = () => '',
    /** Script Property `settingsKept`: what an unreadable Settings value falls back to. */
    private readonly kept: () => string | undefined = () => undefined,
  ) {}

  /** Parsed `Settings` (defaults filled in, problems kept for the owner). */
  settings(): SettingsView {
    if (!this.settingsView) {
      this.settingsView = readSettings(this.work.status(STATUS_TAB.settings), this.kept());
      // What the owner wrote in Settings wins over the copy in Script Properties for the rest of the execution.
      useVoice(this.settingsView.settings.voice);
    }
    return this.settingsView;
  }

  /**
   * The `Committee` roster joined with registry `Members` (opaque ids). An active member with no `Members`
   * row yet gets one now with an empty `Onboarded At`, so links can be signed for them; onboarding mail and
   * sheet access are the roster flow's decision.
   */
  members(): CommitteeMember[] {
    if (!this.roster)
      this.roster = readCommittee(
        this.work.status(STATUS_TAB.committee),
        this.work.registry(REGISTRY_TAB.members),
        this.clock,
        this.committeeAccount(),
        this.settings().settings.groupAddresses,
      );
    return this.roster;
  }

  /**
   * Where replies to what the system sends go: the Settings `Reply-To address` when the owner set one deliberately,
   * else the committee account's own address — never an alias that forwards to every member, conflicted included.
   */
  replyTo(): string | undefined {
    return this.settings().settings.replyAddress ?? (this.committeeAccount() || undefined);
  }

  /** Active members with a usable address. */
  active(): CommitteeMember[] {
    return this.members().filter((m) => m.active && m.id);
  }

  byId(id: string): CommitteeMember | undefined {
    return this.members().find((m) => m.id === id);
  }

  /** By mailbox: a moderator's or sender's address may be another spelling of a member's (dots, +tag, googlemail.com). */
  byEmail(email: string): CommitteeMember | undefined {
    const wanted = normalizeEmail(email);
    if (!wanted) return undefined;
    const mailbox = canonicalAddress(wanted);
    return (
      this.members().find((m) => m.email === wanted) ??
      this.members().find((m) => canonicalAddress(m.email) === mailbox)
    );
  }
}

/**
 * The committee's parsed Settings, for the many flows that read one setting. One short call in place of the
 * long property chain at each of those places keeps the minified bundle, which Apps Script parses every execution, smaller.
 */
export function settingsOf(ctx: { readonly committee: Committee }): Settings {
  return ctx.committee.settings().settings;
}

/** The Settings time zone: dates for members are formatted in it (see `settingsOf` for why this is a function). */
export function timeZoneOf(ctx: { readonly committee: Committee }): string {
  return settingsOf(ctx).timeZone;
}

/** The member with this id in the execution `ctx`'s committee (`Committee.byId`), or undefined. */
export function memberById(ctx: { committee: Committee }, id: string): CommitteeMember | undefined {
  return ctx.committee.byId(id);
}

/** The active members of the execution `ctx`'s committee (`Committee.active`). */
export function activeMembers(ctx: { committee: Committee }): CommitteeMember[] {
  return ctx.committee.active();
}

/** The committee's reply-to address, if Settings give one (`Committee.replyTo`). */
export function replyAddress(ctx: { committee: Committee }): string | undefined {
  return ctx.committee.replyTo();
}
