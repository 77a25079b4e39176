// Scenario validation, people: every member a step names is on the committee (or added before it), every moderator moderates a space.
// A mistyped address would otherwise play as a stranger with an empty mailbox, and the run would report a refusal
// that says nothing about the typo; here it is a validation error naming the field, before anything plays.
import { z } from 'zod';

type Raw = Record<string, unknown>;

function isPlainObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isEmail = (value: unknown): value is string => z.email().safeParse(value).success;

/** Addresses compare as Google compares them: case-insensitively, ignoring surrounding spaces. */
function key(address: string): string {
  return address.trim().toLowerCase();
}

/** The `Space: <name>` rows of Settings hold the moderators' addresses, separated by commas (docs/scenarios.md). */
function spaceRowModerators(setting: string, value: unknown): string[] {
  if (!/^\s*space\s*:/i.test(setting) || typeof value !== 'string') return [];
  return value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Levenshtein distance, for "did you mean" (addresses are short, so the quadratic table is fine). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function suggestion(address: string, known: Iterable<string>): string {
  let best: { address: string; d: number } | null = null;
  for (const candidate of known) {
    const d = distance(key(address), candidate);
    if (d > 0 && d <= 3 && (!best || d < best.d)) best = { address: candidate, d };
  }
  return best ? ` (did you mean ${best.address}?)` : '';
}

/**
 * Checks who acts in each step of the file as written, so a wrong member is reported together with any other
 * problem of the same step, and an `addMember` with some other mistake still counts as adding its member (one typo,
 * one problem). Only fields that hold an email address are checked: a malformed one is already reported as such.
 * `actions` are the step action names (the schema's), so a misspelt action is left to the schema to report.
 */
export function checkPeople(raw: Raw, actions: readonly string[]): string[] {
  const problems: string[] = [];
  const members = new Set<string>();
  const moderators = new Set<string>();
  /** Anyone with a mailbox a scanner could read: members, moderators, the owner, reporters who gave an address. */
  const mailboxes = new Set<string>();
  const addMember = (address: unknown) => {
    if (typeof address === 'string') members.add(key(address));
  };
  const addModerator = (address: unknown) => {
    if (typeof address === 'string') moderators.add(key(address));
  };

  if (Array.isArray(raw.committee)) for (const m of raw.committee) if (isPlainObject(m)) addMember(m.email);
  if (Array.isArray(raw.spaces)) {
    for (const s of raw.spaces) if (isPlainObject(s) && Array.isArray(s.moderators)) s.moderators.forEach(addModerator);
  }
  const rows = isPlainObject(raw.settings) && isPlainObject(raw.settings.rows) ? raw.settings.rows : {};
  for (const [setting, value] of Object.entries(rows)) spaceRowModerators(setting, value).forEach(addModerator);
  if (typeof raw.owner === 'string') mailboxes.add(key(raw.owner));

  const where = (index: number, action: string, field: string) => `steps[${index}].${action}.${field}`;
  const spaceNames = Array.isArray(raw.spaces)
    ? raw.spaces
        .filter(isPlainObject)
        .map((s) => String(s.name))
        .join(', ')
    : '';

  const rawSteps = Array.isArray(raw.steps) ? raw.steps : [];
  rawSteps.forEach((rawStep: unknown, index) => {
    if (!isPlainObject(rawStep)) return;
    // What this step brings in counts from the next step on, as it would in the spreadsheet.
    const after: Array<() => void> = [];
    if (isPlainObject(rawStep.addMember)) after.push(() => addMember((rawStep.addMember as Raw).email));
    const answers = isPlainObject(rawStep.recordReport) ? rawStep.recordReport.answers : rawStep.report;
    if (isPlainObject(answers) && typeof answers['Your email address'] === 'string') {
      const reporter = answers['Your email address'];
      after.push(() => mailboxes.add(key(reporter)));
    }
    const edit = rawStep.edit;
    if (
      isPlainObject(edit) &&
      typeof edit.setting === 'string' &&
      typeof edit.column === 'string' &&
      edit.column.trim().toLowerCase() === 'value'
    ) {
      const { setting, value } = edit;
      after.push(() => spaceRowModerators(setting, value).forEach(addModerator));
    }

    for (const action of Object.keys(rawStep).filter((k) => actions.includes(k))) {
      const payload = rawStep[action];
      if (!isPlainObject(payload)) continue;
      if (action === 'moderatorReply') {
        const moderator = payload.moderator;
        if (isEmail(moderator) && !moderators.has(key(moderator))) {
          problems.push(
            `${where(index, action, 'moderator')} ${moderator} is not a moderator of any space (spaces: ${spaceNames || 'none'})${suggestion(moderator, moderators)}`,
          );
        }
      } else if (action !== 'addMember' && isEmail(payload.member)) {
        const member = payload.member;
        const known =
          members.has(key(member)) ||
          (action === 'scan' && (moderators.has(key(member)) || mailboxes.has(key(member))));
        if (!known) {
          const scanNote = action === 'scan' ? ', nor a moderator, the owner or an earlier reporter' : '';
          problems.push(
            `${where(index, action, 'member')} ${member} is not on the committee (not in committee, nor added by an earlier addMember step${scanNote})${suggestion(member, members)}`,
          );
        }
      }
    }
    after.forEach((f) => f());
  });
  return problems;
}
