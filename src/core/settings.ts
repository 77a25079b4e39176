// Parsing of the owner-edited `Settings` and `Committee` tabs, with a clear message and a safe default for every bad value.

import { canonicalAddress, foldText, isSamePerson, matchAddresses } from './identity';
import { findColumns } from './case-model';
import { DEFAULT_POLICY, isValidTimeZone, spellTimeZone, type Policy } from './deadlines';
import { DEFAULT_VOICE, type Voice } from './messages';
import { isValidEmail, normalizeEmail, stripControlCharacters, truncate } from './text';

export interface Space {
  name: string;
  moderators: string[];
}

export interface Settings {
  policy: Policy;
  escalationContact: string | null;
  /** Where a Code of Conduct change the committee passed goes, as a draft for the board's vote; null: not set. */
  boardContact: string | null;
  /** Where replies to the system's mail go instead of the committee account; null: the account itself. */
  replyAddress: string | null;
  /** The committee's Google Groups and aliases: they reach every member, so never a person's address (ADV-345). */
  groupAddresses: string[];
  recordIndividualVotes: boolean;
  timeZone: string;
  spaces: Space[];
  /** Share of each day's mail quota kept for urgent alerts and for telling the owner that mail waits (percent). */
  mailReservePercent: number;
  /** How often a member's reminders are gathered into one digest. */
  reminderDigest: DigestPeriod;
  /** The committee's and the community's names, as every email, page and the Form say them. */
  voice: Voice;
  /** Hours after a report during which a vote waits for every active voting member's screening answer. */
  screeningWindowHours: number;
  /** The fewest eligible voters a vote may open with: below it nobody decides, the owner is told. */
  minimumVoters: number;
  /** How a closing without a response ("no violation", "not in good faith") is decided. */
  closingDecision: ClosingDecision;
  /** Days a vote stays open before it closes with the ballots cast (members who have not voted are reminded once). */
  voteWithinDays: number;
  /** Months after a case closes when the reporter's details and the witnesses leave the registry; 0: kept. */
  purgeAfterMonths: number;
  /** Days after a case closes when its rows leave the registry for the year's archive spreadsheet; 0: never. */
  archiveAfterDays: number;
  /** At the purge, the case Doc is trashed instead of moved to the folder of archived case documents. */
  deleteDocsOnPurge: boolean;
  /** Transparency statistics show no count from 1 to this less one (src/core/statistics.ts). */
  statisticsMinimum: number;
  /** Whether the transparency statistics count per year or per quarter (one for good: see docs/operations.md). */
  statisticsPeriod: 'year' | 'quarter';
}

export type ClosingDecision = 'vote' | 'second member';

export type DigestPeriod = 'daily' | 'weekly';

export const SETTING_KEYS = {
  committeeName: 'Committee name',
  communityName: 'Community name',
  acknowledge: 'Acknowledge within (hours)',
  followUp: 'Follow up within (days)',
  moderators: 'Moderators within (days)',
  escalation: 'Escalation contact',
  boardContact: 'Board contact',
  replyAddress: 'Reply-To address',
  groupAddresses: 'Group addresses',
  recordVotes: 'Record individual votes',
  timeZone: 'Time zone',
  mailReserve: 'Mail reserve (%)',
  reminderDigest: 'Reminder digest',
  screeningWindow: 'Screening window (hours)',
  minimumVoters: 'Minimum voters',
  closingDecision: 'Closing decision',
  voteWithin: 'Vote within (days)',
  purgeAfter: 'Purge reporter details after (months)',
  archiveAfter: 'Archive closed cases after (days)',
  deleteDocs: 'Delete case Docs when purging',
  statisticsMinimum: 'Statistics minimum count',
  statisticsPeriod: 'Statistics period',
} as const;

/** Three days: long enough for every member to answer screening, short enough that a case never waits a week. */
export const DEFAULT_SCREENING_WINDOW_HOURS = 72;
/** Two: nobody decides alone. */
export const DEFAULT_MINIMUM_VOTERS = 2;
export const DEFAULT_VOTE_WITHIN_DAYS = 7;
/** A year: long enough for a reopened case or a later report to need the reporter, no longer than that. */
export const DEFAULT_PURGE_AFTER_MONTHS = 12;
/** A quarter: a case closed that long is rarely reopened, and every execution stops reading its rows. */
export const DEFAULT_ARCHIVE_AFTER_DAYS = 90;
/** Three: a count of one or two points at people (docs/operations.md, "Transparency statistics"). */
export const DEFAULT_STATISTICS_MINIMUM = 3;

/** The earlier name of the reply setting: its advice (the committee's alias) sent replies to conflicted members. */
const RETIRED_COMMITTEE_ADDRESS = 'committee address';

/** A fifth of the day's recipients: with 100 a day, urgent alerts to a committee of up to 19 and the owner's notice still fit. */
export const DEFAULT_MAIL_RESERVE_PERCENT = 20;

export const SPACE_PREFIX = 'Space:';
export const SETTINGS_HEADER = ['Setting', 'Value', 'Notes'] as const;
export const DEFAULT_TIME_ZONE = 'Etc/UTC';
/** Apps Script's everyHours() accepts only these. */

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  policy: { ...DEFAULT_POLICY },
  escalationContact: null,
  boardContact: null,
  replyAddress: null,
  groupAddresses: [],
  recordIndividualVotes: false,
  timeZone: DEFAULT_TIME_ZONE,
  spaces: [],
  mailReservePercent: DEFAULT_MAIL_RESERVE_PERCENT,
  reminderDigest: 'daily',
  voice: DEFAULT_VOICE,
  screeningWindowHours: DEFAULT_SCREENING_WINDOW_HOURS,
  minimumVoters: DEFAULT_MINIMUM_VOTERS,
  closingDecision: 'vote',
  voteWithinDays: DEFAULT_VOTE_WITHIN_DAYS,
  purgeAfterMonths: DEFAULT_PURGE_AFTER_MONTHS,
  archiveAfterDays: DEFAULT_ARCHIVE_AFTER_DAYS,
  deleteDocsOnPurge: false,
  statisticsMinimum: DEFAULT_STATISTICS_MINIMUM,
  statisticsPeriod: 'year',
}) as Settings;

/** Longer names are cut: they go into subjects and sentences. */
export const NAME_MAX_LENGTH = 80;

/**
 * The Settings tab as setup writes it: the header row first, then one row per setting with a note
 * explaining it. Community spaces are added by the owner as `Space: <name>` rows.
 */
export const DEFAULT_SETTINGS_ROWS: string[][] = [
  [...SETTINGS_HEADER],
  [
    SETTING_KEYS.committeeName,
    DEFAULT_VOICE.committee,
    'How emails, pages and the report Form name you, for example "PyCon US Code of Conduct team". Emails are signed "the <this name>".',
  ],
  [
    SETTING_KEYS.communityName,
    DEFAULT_VOICE.community,
    'How emails and pages name the community your Code of Conduct covers, as in "behavior in <this name>", for example "the Example project".',
  ],
  [
    SETTING_KEYS.acknowledge,
    '24',
    'Hours after a report arrives by which the reporter must get an acknowledgment (1 to 336). The seed procedure says 24.',
  ],
  [
    SETTING_KEYS.followUp,
    '7',
    'Days after a report arrives by which the reporter gets a follow-up, or a status email if deliberation is still going on (1 to 90).',
  ],
  [
    SETTING_KEYS.moderators,
    '7',
    'Days moderators are asked to answer a recommendation in, before a reminder (1 to 90).',
  ],
  [
    SETTING_KEYS.escalation,
    '',
    'Optional. Who the committee may notify when moderators disagree (for example the board). One email address.',
  ],
  [
    SETTING_KEYS.boardContact,
    '',
    "Optional. Where a change to the Code of Conduct or the enforcement procedure that the committee passed is sent, as a draft for the board's vote (for example the board's secretary). One email address.",
  ],
  [
    SETTING_KEYS.replyAddress,
    '',
    'Optional; leave it blank unless you are sure. Blank: replies from reporters, moderators and reported people reach the committee account alone. An address here receives all of them: never an alias or list that forwards to every member, since members with a conflict would read them. One email address.',
  ],
  [
    SETTING_KEYS.groupAddresses,
    '',
    'Optional. Your Google Groups or aliases that reach the committee, separated by commas: mail for one person never goes to them.',
  ],
  [SETTING_KEYS.recordVotes, 'No', 'Yes to keep who voted how in the private registry; No to keep only the counts.'],
  [
    SETTING_KEYS.timeZone,
    DEFAULT_TIME_ZONE,
    'IANA time zone of the deadlines shown on case pages and in reminders, for example Europe/Berlin or America/New_York. Dates in this spreadsheet follow its own time zone (File > Settings).',
  ],
  [
    SETTING_KEYS.mailReserve,
    String(DEFAULT_MAIL_RESERVE_PERCENT),
    'Share of each day\u2019s mail quota (0 to 90) kept for urgent alerts and for telling the committee account that mail waits. Other mail waits for the next day rather than use it.',
  ],
  [
    SETTING_KEYS.reminderDigest,
    'Daily',
    'Daily or Weekly: members get their reminders gathered in one email per day or per week, listing every case that needs them.',
  ],
  [
    SETTING_KEYS.screeningWindow,
    String(DEFAULT_SCREENING_WINDOW_HOURS),
    'Hours after a report during which a vote waits until every active voting member has answered screening (0 to 336; 0 does not wait; a report of immediate danger never waits). After it, the vote may open with the members cleared so far; silent members are reminded once before it ends.',
  ],
  [
    SETTING_KEYS.minimumVoters,
    String(DEFAULT_MINIMUM_VOTERS),
    'The fewest eligible voting members (cleared, no conflict) a vote may open with (1 to 15). Below it nobody decides, and the committee account and the escalation contact are told. 2 means nobody decides alone.',
  ],
  [
    SETTING_KEYS.closingDecision,
    'Vote',
    'How the committee decides to close a case without a response ("not a violation", "not made in good faith"): Vote (two-thirds of the cleared voting members, like a response) or Second member (a second cleared member confirms).',
  ],
  [
    SETTING_KEYS.voteWithin,
    String(DEFAULT_VOTE_WITHIN_DAYS),
    'Days a vote stays open (1 to 30). Members who have not voted are reminded once, the day before it closes; at the end it closes with the ballots cast (two-thirds of all eligible are still needed to pass).',
  ],
  [
    SETTING_KEYS.purgeAfter,
    String(DEFAULT_PURGE_AFTER_MONTHS),
    'Months after a case is closed when the reporter\u2019s name and address and the witnesses are deleted from the private registry and from the copies of sent mail it keeps (0 to 120; 0 keeps them). The committee account is told a week before. The case Doc leaves the case folder then (see the next row).',
  ],
  [
    SETTING_KEYS.deleteDocs,
    'No',
    'No: at the purge each case Doc moves to the folder of archived case documents (private, like the case folder). Yes: it goes to the committee account\u2019s trash instead (Drive empties it after 30 days); the case stays listed.',
  ],
  [
    SETTING_KEYS.archiveAfter,
    String(DEFAULT_ARCHIVE_AFTER_DAYS),
    'Days after a case is closed when its votes, screening answers, moderator answers and sent-mail copies move from the private registry to the year\u2019s archive spreadsheet in the private folder (0 to 3650; 0 keeps everything in the registry). The case stays listed, and reopening it brings its rows back.',
  ],
  [
    SETTING_KEYS.statisticsMinimum,
    String(DEFAULT_STATISTICS_MINIMUM),
    'transparencyReport shows no count below this (2 to 50).',
  ],
  [SETTING_KEYS.statisticsPeriod, 'Year', 'Year or Quarter: what transparencyReport counts per. Keep to one.'],
  [
    '',
    '',
    'To add a community space, add a row "Space: <name>" with its moderators\u2019 email addresses, separated by commas, as the value.',
  ],
];

/** The Script Property `settingsKept` (JSON, as parseSettings returns `kept`); {} when absent or edited by hand. */
function parseKept(kept?: string | null): Record<string, unknown> {
  try {
    return Object(JSON.parse(kept || '{}'));
  } catch {
    return {};
  }
}

/**
 * The Settings rows setup writes into a new tab or adds back when deleted: the values last read where kept (a lost
 * status spreadsheet or a deleted row must not reset a committee's 6 months to 12, or its 3 voters to 2).
 */
export function settingsRowsKept(kept?: string | null): string[][] {
  const last = parseKept(kept);
  return DEFAULT_SETTINGS_ROWS.map(([key, value, note], i) =>
    i && last[key] !== undefined ? [key, keptText(last[key]), note] : [key, value, note],
  );
}

function keptText(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v);
}

/** How much more a value keeps or shows (a purge of 0 keeps for good). */
const LOOSENESS: Array<[string, (v: number) => number]> = [
  [SETTING_KEYS.purgeAfter, (v) => v || 1e9],
  [SETTING_KEYS.deleteDocs, (v) => -v],
  [SETTING_KEYS.recordVotes, (v) => v],
  [SETTING_KEYS.statisticsMinimum, (v) => -v],
];

/** The key under which `settingsKept` numbers its changes (not a Settings row: nothing reads it as one). */
const KEPT_CHANGES = '#changes';

/**
 * The Script Property `settingsKept` for the values read now, with its changes numbered (a raise, a step back and the
 * same raise again are three changes, so the second raise is told as well: ADV-242); null when nothing changed.
 */
export function nextKept(
  kept: string | undefined,
  now: Record<string, unknown>,
): { text: string; change: number } | null {
  const { [KEPT_CHANGES]: changes, ...before } = parseKept(kept);
  if (JSON.stringify(before) === JSON.stringify(now)) return null;
  const change = (Number(changes) || 0) + 1;
  return { text: JSON.stringify({ ...now, [KEPT_CHANGES]: change }), change };
}

/** One line per Settings value read now that keeps or shows more than the one kept before (`kept`: its JSON). */
export function loosenedSettings(kept: string | undefined, now: Record<string, unknown>): string[] {
  const before = parseKept(kept);
  return LOOSENESS.filter(([k, more]) => k in before && k in now && more(Number(now[k])) > more(Number(before[k]))).map(
    ([k]) => `Settings row '${k}' changed from ${keptText(before[k])} to ${keptText(now[k])}`,
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return stripControlCharacters(String(value)).trim();
}

/**
 * A cell's text quoted for the owner, with each character they could not tell apart marked `<U+200B>`: an invisible
 * one (a zero-width space pasted from a chat), and in an `address` anything but printable ASCII (a Cyrillic о). Else
 * the owner read a good value refused, and the mail showed nothing to retype.
 */
function show(value: unknown, address = false): string {
  const text = cellText(value);
  const marked = text.replace(
    address ? /[^ -~]/gu : /(?! )[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}]/gu,
    (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
  return `'${marked}'${marked === text ? '' : ' (<U+…> marks a character that is invisible or only looks like a letter: retype it)'}`;
}

/** Reads Yes/No, TRUE/FALSE (checkbox cells) and true/false text; anything else is undefined. */
export function parseYesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = cellText(value).toLowerCase();
  if (text === 'yes' || text === 'true' || text === 'y') return true;
  if (text === 'no' || text === 'false' || text === 'n') return false;
  return undefined;
}

/** Whether an address is one of the committee's groups or aliases (Settings `Group addresses`): never a person's. */
export function isGroupAddress(settings: Pick<Settings, 'groupAddresses'>, email: string): boolean {
  return settings.groupAddresses.some((g) => isSamePerson(matchAddresses(g, email)));
}

/** The refusal wherever a person's address is typed and it is the committee's own. */
export const GROUP_ADDRESS_REFUSAL = `That address is in Settings '${SETTING_KEYS.groupAddresses}'.`;

/** A problem with one Settings row, `key` as the committee wrote it (the text the Settings tab names it by). */
function rowSays(key: string, what: string): string {
  return `Settings row '${key}': ${what}`;
}

/** A problem with one Committee row, by its sheet row number. */
function memberRowSays(row: number, what: string): string {
  return `Committee row ${row}: ${what}`;
}

function parseOptionalEmail(key: string, value: unknown, problems: string[], groups: string[]): string | null {
  const text = cellText(value);
  if (text === '') return null;
  const email = normalizeEmail(text);
  const valid = isValidEmail(email);
  if (valid && !isGroupAddress({ groupAddresses: groups }, email)) return email;
  problems.push(
    rowSays(
      key,
      `${valid ? `${email} is in '${SETTING_KEYS.groupAddresses}'` : `${show(value, true)} is not one email address`}; leaving it unset`,
    ),
  );
  return null;
}

/** A list of addresses (a space's moderators, the committee's groups): `row` names the row in problems. */
function parseAddresses(row: string, value: unknown, problems: string[], groups?: string[]): string[] {
  const list: string[] = [];
  for (const part of cellText(value).split(/[\s,;]+/)) {
    if (part === '') continue;
    const email = normalizeEmail(part);
    if (!isValidEmail(email)) {
      problems.push(
        rowSays(row, `${groups ? 'moderator ' : ''}address '${part}' is not a valid email address; skipping it`),
      );
    } else if (groups && isGroupAddress({ groupAddresses: groups }, email)) {
      problems.push(rowSays(row, `${email} is in '${SETTING_KEYS.groupAddresses}'; skipping it`));
    } else if (!list.includes(email)) {
      list.push(email);
    }
  }
  return list;
}

function parseModerators(spaceName: string, value: unknown, problems: string[], groups: string[]): string[] {
  const moderators = parseAddresses(`${SPACE_PREFIX} ${spaceName}`, value, problems, groups);
  if (moderators.length === 0) {
    problems.push(
      rowSays(
        `${SPACE_PREFIX} ${spaceName}`,
        `no valid moderator addresses; recommendations for this space cannot be sent`,
      ),
    );
  }
  return moderators;
}

/**
 * Reads the Settings tab (header optional). Every bad value falls back with a message naming the row and the value:
 * to the value last read from that row (`kept`, JSON as this returned it) where one is kept, else to its default;
 * unknown and duplicate keys are reported; blank rows are ignored.
 */
export function parseSettings(
  rows: unknown[][],
  kept?: string | null,
): { settings: Settings; problems: string[]; kept: Record<string, unknown> } {
  const problems: string[] = [];
  const last = parseKept(kept);
  const read: Record<string, unknown> = {};
  let keyCol = 0;
  let valueCol = 1;
  let body = rows ?? [];
  if (body.length > 0) {
    const located = findColumns(body[0] ?? [], ['Setting', 'Value']);
    if (located.ok) {
      keyCol = located.index.Setting;
      valueCol = located.index.Value;
      body = body.slice(1);
    }
  }
  const values = new Map<string, unknown>();
  const spaceRows: Array<{ name: string; value: unknown }> = [];
  const knownKeys = new Map<string, string>(Object.values(SETTING_KEYS).map((k) => [k.toLowerCase(), k]));
  for (const row of body) {
    if (!Array.isArray(row)) continue;
    const rawKey = cellText(row[keyCol]);
    if (rawKey === '') continue;
    const value = row[valueCol];
    if (rawKey.toLowerCase().startsWith(SPACE_PREFIX.toLowerCase())) {
      const name = rawKey.slice(SPACE_PREFIX.length).trim();
      if (name === '') {
        problems.push(rowSays(rawKey, `the space has no name; skipping it`));
      } else if (spaceRows.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        problems.push(rowSays(rawKey, `the space '${name}' is listed twice; using the first row`));
      } else {
        spaceRows.push({ name, value });
      }
      continue;
    }
    const key = knownKeys.get(rawKey.toLowerCase().replace(/\s+/g, ' '));
    if (!key && rawKey.toLowerCase().replace(/\s+/g, ' ') === RETIRED_COMMITTEE_ADDRESS) {
      problems.push(
        rowSays(
          rawKey,
          `no longer used; replies now reach the committee account alone. If they must go elsewhere, put an address that reaches no member with a conflict (never a forwarding alias) in '${SETTING_KEYS.replyAddress}', then delete this row`,
        ),
      );
    } else if (!key) {
      problems.push(rowSays(rawKey, `unknown setting; ignoring it`));
    } else if (values.has(key)) {
      problems.push(rowSays(key, `listed twice; using the first row`));
    } else {
      values.set(key, value);
    }
  }

  // strict: -1 when a lower value is the stricter (earlier, shorter retention), 1 when a higher one is.
  const numberSetting = (key: string, min: number, max: number, fallback: number, strict = 0): number => {
    const value = values.get(key);
    const text = cellText(value);
    // Blank or the row gone: the default only where nothing was kept (else a slip of the Delete key is a loosening).
    if (text === '' && last[key] === undefined) return fallback;
    const n = typeof value === 'number' ? value : /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return (read[key] = n);
    // Unreadable ("six", "6 months"): the committee's last choice stands, not the default (12 months for their 6)...
    const before = Number(last[key] ?? NaN);
    let used = Number.isInteger(before) && before >= min && before <= max ? (read[key] = before) : fallback;
    // ...unless the number written with a unit or decimals ("6 months", "2,5") is stricter (purge's 0 keeps for good).
    const m = /^(\d+)([.,]\d\d?)?(?![\d.,e])/.exec(text);
    const r = m && strict ? Math[strict < 0 ? 'floor' : 'ceil'](Number(m[1] + (m[2] ?? '').replace(',', '.'))) : 0;
    if (r > 0 && r >= min && r <= max && (!used || (r - used) * strict > 0)) used = r;
    problems.push(rowSays(key, `${show(value)} must be a whole number from ${min} to ${max}; using ${used}`));
    return used;
  };

  const policy: Policy = {
    acknowledgeWithinHours: numberSetting(SETTING_KEYS.acknowledge, 1, 336, DEFAULT_POLICY.acknowledgeWithinHours, -1),
    followUpWithinDays: numberSetting(SETTING_KEYS.followUp, 1, 90, DEFAULT_POLICY.followUpWithinDays, -1),
    moderatorsWithinDays: numberSetting(SETTING_KEYS.moderators, 1, 90, DEFAULT_POLICY.moderatorsWithinDays, -1),
  };

  const yesNoSetting = (key: string, fallback: boolean): boolean => {
    if (cellText(values.get(key)) === '' && last[key] === undefined) return fallback;
    const parsed = parseYesNo(values.get(key));
    if (parsed !== undefined) return (read[key] = parsed);
    // "Yes." for a committee that chose Yes: its Docs still go at the purge, not kept for good.
    if (typeof last[key] === 'boolean') fallback = read[key] = last[key] as boolean;
    problems.push(rowSays(key, `${show(values.get(key))} must be Yes or No; using ${fallback ? 'Yes' : 'No'}`));
    return fallback;
  };

  let recordIndividualVotes = DEFAULT_SETTINGS.recordIndividualVotes;
  if (values.has(SETTING_KEYS.recordVotes) && cellText(values.get(SETTING_KEYS.recordVotes)) !== '') {
    const parsed = parseYesNo(values.get(SETTING_KEYS.recordVotes));
    if (parsed === undefined) {
      problems.push(
        rowSays(SETTING_KEYS.recordVotes, `${show(values.get(SETTING_KEYS.recordVotes))} must be Yes or No; using No`),
      );
    } else {
      recordIndividualVotes = read[SETTING_KEYS.recordVotes] = parsed;
    }
  }

  const deleteDocsOnPurge = yesNoSetting(SETTING_KEYS.deleteDocs, false);

  // A zone typed wrong (or the row cleared) keeps the one last read, as a number does: the committee's days, and the
  // purge date a warning gave, do not move to UTC's with a slip of the keyboard.
  const keptZone = String(last[SETTING_KEYS.timeZone] ?? '');
  let timeZone = isValidTimeZone(keptZone) ? keptZone : DEFAULT_TIME_ZONE;
  const zoneText = cellText(values.get(SETTING_KEYS.timeZone));
  if (isValidTimeZone(zoneText)) timeZone = read[SETTING_KEYS.timeZone] = spellTimeZone(zoneText);
  else if (zoneText || keptZone) {
    if (keptZone) read[SETTING_KEYS.timeZone] = timeZone;
    problems.push(rowSays(SETTING_KEYS.timeZone, `${show(zoneText)} is not a known IANA time zone; using ${timeZone}`));
  }

  // A name is free text: one line, no control characters; blank means the default.
  const nameSetting = (key: string, fallback: string): string => {
    const text = cellText(values.get(key)).replace(/\s+/g, ' ');
    if (text === '') return fallback;
    if (text.length <= NAME_MAX_LENGTH) return text;
    problems.push(rowSays(key, `longer than ${NAME_MAX_LENGTH} characters; using the first ${NAME_MAX_LENGTH}`));
    return truncate(text, NAME_MAX_LENGTH);
  };
  const voice: Voice = {
    committee: nameSetting(SETTING_KEYS.committeeName, DEFAULT_VOICE.committee),
    community: nameSetting(SETTING_KEYS.communityName, DEFAULT_VOICE.community),
  };

  let reminderDigest: DigestPeriod = DEFAULT_SETTINGS.reminderDigest;
  const digestText = cellText(values.get(SETTING_KEYS.reminderDigest)).toLowerCase();
  if (digestText === 'daily' || digestText === 'weekly') reminderDigest = digestText;
  else if (digestText !== '')
    problems.push(
      rowSays(
        SETTING_KEYS.reminderDigest,
        `${show(values.get(SETTING_KEYS.reminderDigest))} must be Daily or Weekly; using Daily`,
      ),
    );

  let closingDecision: ClosingDecision = DEFAULT_SETTINGS.closingDecision;
  const closingText = cellText(values.get(SETTING_KEYS.closingDecision)).toLowerCase().replace(/\s+/g, ' ');
  if (closingText === 'vote' || closingText === 'second member') closingDecision = closingText;
  else if (closingText !== '')
    problems.push(
      rowSays(
        SETTING_KEYS.closingDecision,
        `${show(values.get(SETTING_KEYS.closingDecision))} must be Vote or Second member; using Vote`,
      ),
    );

  const periodText = cellText(values.get(SETTING_KEYS.statisticsPeriod)).toLowerCase();
  if (periodText !== '' && periodText !== 'year' && periodText !== 'quarter')
    problems.push(
      rowSays(
        SETTING_KEYS.statisticsPeriod,
        `${show(values.get(SETTING_KEYS.statisticsPeriod))} must be Year or Quarter; using Year`,
      ),
    );

  const groups = parseAddresses(SETTING_KEYS.groupAddresses, values.get(SETTING_KEYS.groupAddresses), problems);
  const optionalEmail = (key: string) => parseOptionalEmail(key, values.get(key), problems, groups);
  const settings: Settings = {
    policy,
    escalationContact: optionalEmail(SETTING_KEYS.escalation),
    boardContact: optionalEmail(SETTING_KEYS.boardContact),
    replyAddress: optionalEmail(SETTING_KEYS.replyAddress),
    groupAddresses: groups,
    recordIndividualVotes,
    timeZone,
    spaces: spaceRows.map((s) => ({ name: s.name, moderators: parseModerators(s.name, s.value, problems, groups) })),
    mailReservePercent: numberSetting(SETTING_KEYS.mailReserve, 0, 90, DEFAULT_MAIL_RESERVE_PERCENT),
    reminderDigest,
    voice,
    screeningWindowHours: numberSetting(SETTING_KEYS.screeningWindow, 0, 336, DEFAULT_SCREENING_WINDOW_HOURS),
    minimumVoters: numberSetting(SETTING_KEYS.minimumVoters, 1, 15, DEFAULT_MINIMUM_VOTERS, 1),
    closingDecision,
    voteWithinDays: numberSetting(SETTING_KEYS.voteWithin, 1, 30, DEFAULT_VOTE_WITHIN_DAYS),
    purgeAfterMonths: numberSetting(SETTING_KEYS.purgeAfter, 0, 120, DEFAULT_PURGE_AFTER_MONTHS, -1),
    archiveAfterDays: numberSetting(SETTING_KEYS.archiveAfter, 0, 3650, DEFAULT_ARCHIVE_AFTER_DAYS),
    deleteDocsOnPurge,
    statisticsMinimum: numberSetting(SETTING_KEYS.statisticsMinimum, 2, 50, DEFAULT_STATISTICS_MINIMUM, 1),
    statisticsPeriod: periodText === 'quarter' ? 'quarter' : 'year',
  };
  return { settings, problems, kept: read };
}

export type MemberRole = 'voting' | 'adviser';

export interface Member {
  name: string;
  email: string;
  role: MemberRole;
  active: boolean;
}

export const COMMITTEE_HEADERS = ['Name', 'Email', 'Role', 'Active'] as const;

function parseRole(value: unknown): MemberRole | undefined {
  const text = cellText(value).toLowerCase();
  if (text === 'voting' || text === 'voting member' || text === 'member') return 'voting';
  if (text === 'adviser' || text === 'advisor') return 'adviser';
  return undefined;
}

/**
 * Reads the Committee tab: columns found by header (first row), emails normalised, blank rows ignored.
 * Rows with a bad or duplicate email or an unknown role are reported and skipped (a current member's unknown role is
 * reported and read as `lastRole` gives it). A blank `Active`
 * counts as active (the owner just added the row); a value that is neither yes nor no counts as
 * inactive, so a typo never grants access.
 */
export function parseCommittee(
  rows: unknown[][],
  options: {
    committeeAccount?: string;
    /** Settings `Group addresses`: every member of a group reads what one member is sent or shared. */
    groups?: string[];
    lastRole?: (email: string) => MemberRole | undefined;
    /** True when registry `Members` last recorded the member at this mailbox as inactive. */
    wasInactive?: (email: string) => boolean;
    lastAddress?: (name: string) => string | undefined;
  } = {},
): { members: Member[]; problems: string[] } {
  const problems: string[] = [];
  const members: Member[] = [];
  if (!rows || rows.length === 0) {
    problems.push('Committee tab is empty: expected a header row with Name, Email, Role, Active');
    return { members, problems };
  }
  const located = findColumns(rows[0] ?? [], [...COMMITTEE_HEADERS]);
  if (!located.ok) {
    problems.push(
      `Committee tab: missing column(s) ${located.missing.map((m) => `'${m}'`).join(', ')} in the header row`,
    );
    return { members, problems };
  }
  const col = located.index;
  const seen = new Set<string>();
  const rowNumbers: number[] = [];
  const mailboxes = rows.slice(1).map((r) => canonicalAddress(normalizeEmail(cellText(r?.[col.Email]))));
  const listed = new Set(mailboxes);
  rows.slice(1).forEach((row, i) => {
    if (!Array.isArray(row)) return;
    const rowNumber = i + 2; // the sheet's own row number, as the owner sees it
    const name = cellText(row[col.Name]);
    const rawEmail = cellText(row[col.Email]);
    const rawRole = cellText(row[col.Role]);
    const rawActive = row[col.Active];
    if (name === '' && rawEmail === '' && rawRole === '' && cellText(rawActive) === '') return;
    let email = normalizeEmail(rawEmail);
    const valid = isValidEmail(email);
    // Or typed over with another row's address (two cells swapped one at a time): the other row has that mailbox.
    const twice = mailboxes.indexOf(canonicalAddress(email)) !== mailboxes.lastIndexOf(canonicalAddress(email));
    if (!valid || twice) {
      // A current member's Email cell slipped into no address at all (their name still in the row) is read as the
      // address last recorded for that name, as a cleared Role cell is: unticking Active is how a member leaves.
      let last = name ? options.lastAddress?.(name) : undefined;
      // Not when another row lists that address: that row is the member (this one may be a note about a namesake).
      if (last && listed.has(canonicalAddress(last))) last = undefined;
      if (!valid || last)
        problems.push(
          memberRowSays(
            rowNumber,
            `email ${show(rawEmail, !valid)} is ${valid ? 'in another row too' : 'not a valid address'}; ${last ? `keeping ${last}, last recorded for this name` : 'skipping this member'}`,
          ),
        );
      if (!valid && !last) return;
      email = last ?? email;
    }
    if (options.committeeAccount && isSamePerson(matchAddresses(email, options.committeeAccount))) {
      problems.push(
        memberRowSays(
          rowNumber,
          `${email} is the committee account itself, which owns every case document and is never a member (it cannot declare conflicts); skipping this row`,
        ),
      );
      return;
    }
    if (isGroupAddress({ groupAddresses: options.groups ?? [] }, email)) {
      problems.push(
        memberRowSays(
          rowNumber,
          `${email} is in '${SETTING_KEYS.groupAddresses}' (everyone in the group, members with a conflict too, would read what a member is sent); skipping this row`,
        ),
      );
      return;
    }
    // One mailbox under two spellings (dots, +tags, googlemail.com) is one person: a conflict declared under one
    // address must not be escaped by coming back under the other.
    const mailbox = canonicalAddress(email);
    if (seen.has(mailbox)) {
      problems.push(
        memberRowSays(
          rowNumber,
          `${email} is a member already listed (the same mailbox as an earlier row); using the first row`,
        ),
      );
      return;
    }
    // A current member's Role cell cleared or mistyped is a slip, not a leaving (untick Active for that): they keep the
    // role the registry last recorded, with their clearances and ballots. Only a row never seen before is skipped.
    const last = options.lastRole?.(email);
    const role = parseRole(rawRole) ?? last;
    if (!role || role !== parseRole(rawRole))
      problems.push(
        memberRowSays(
          rowNumber,
          `role ${show(rawRole)} must be 'voting' or 'adviser'; ${role ? `keeping this member's last role (${role})` : 'skipping this member'}`,
        ),
      );
    if (!role) return;
    let active: boolean;
    if (cellText(rawActive) === '') {
      // A removed member's box emptied (the Delete key takes a checkbox away) is a slip, not a return (as for Role).
      active = !options.wasInactive?.(email);
      if (!active)
        problems.push(
          memberRowSays(
            rowNumber,
            `Active is empty; keeping this member inactive, as last recorded (tick it to bring them back)`,
          ),
        );
    } else {
      const parsed = parseYesNo(rawActive);
      if (parsed === undefined)
        problems.push(
          memberRowSays(rowNumber, `Active ${show(rawActive)} must be TRUE/FALSE or Yes/No; treating as not active`),
        );
      active = parsed === true;
    }
    seen.add(mailbox);
    members.push({ name, email, role, active });
    rowNumbers.push(rowNumber);
  });
  // One name under two mailboxes, both active: two namesakes, or one person counted (and voting) twice (ADV-391).
  const byName = new Map<string, number>();
  members.forEach((m, i) => {
    const key = m.active ? foldText(m.name).replace(/\s+/g, ' ').trim() : '';
    const first = byName.get(key);
    if (!key) return;
    if (first === undefined) byName.set(key, i);
    else
      problems.push(
        `Committee rows ${rowNumbers[first]} and ${rowNumbers[i]} give the same name (${members[first].name}) under two addresses: if they are one person, untick Active on one row, or they are counted and vote twice`,
      );
  });
  return { members, problems };
}
