// The design-independent lower bound of each operation: the fewest Apps Script calls any design must make for what the operation observably did (one Files.create with a parent for a new Doc, one appendRow for a row, the changes feed for the audit…), priced with the benchmark's cost model.
import { PUBLISHED_CELL_LATENCY, PUBLISHED_LATENCY } from '../../workbench';
import type { Effects, OperationName } from './operations';

/** One line of a lower bound: what, which call, how many, the cells it moves, and why no design can do without it. */
export interface BoundItem {
  what: string;
  /** The cheapest call that does it (priced by the cost model). */
  method: string;
  n: number;
  /** Cells read or written in all (the per-cell part of the price). */
  cells: number;
  why: string;
}

export interface LowerBound {
  /** Calls that reach a backend (every item does). */
  total: number;
  /** Their price under the cost model (PUBLISHED_LATENCY, PUBLISHED_CELL_LATENCY), in ms. */
  ms: number;
  items: BoundItem[];
}

/** What the bound depends on besides the observed effects: the world's size. */
export interface BoundContext {
  /** Active members of the committee. */
  members: number;
  /** Cases in the registry (the onboarding page must list every reported person). */
  cases?: number;
  /** Open cases (a due sweep reads and writes their state). */
  openCases?: number;
}

/** Widths of the records any design must keep: a case (what the Form asked, phase, deadlines), a member, a decision, a vote. */
const CASE_CELLS = 17;
const MEMBER_CELLS = 4;
const DECISION_CELLS = 7;
const VOTE_CELLS = 12;

const item = (what: string, method: string, n: number, why: string, cells = 0): BoundItem => ({
  what,
  method,
  n,
  cells,
  why,
});

const LOCK = item(
  'script lock',
  'Lock.waitLock',
  1,
  'two submits or two ballots can run at once (LockService); the state they change must be serialised',
);
const PROPS = item(
  'Script Properties read',
  'Properties.getProperty',
  1,
  'where the stores are (and the key that signs links) must be read from somewhere; a property is the cheapest place',
);
const OPEN = item(
  'open the spreadsheet',
  'SpreadsheetApp.openById',
  1,
  'a script that is not bound to a spreadsheet reaches it by id (one spreadsheet could hold every tab)',
);

/** Replies by email (issue 18) must be found, whatever the design: one listing of the committee inbox per sweep. */
const INBOX = item(
  'the committee inbox',
  'Gmail.Users.Threads.list',
  1,
  'replies to what was sent are found where they arrive (Gmail users.threads.list)',
);

const read = (what: string, cells: number, why: string) => item(`read ${what}`, 'Range.getValues', 1, why, cells);

/** The effects observed, each with the cheapest call that produces it. */
function effects(e: Effects): BoundItem[] {
  const out: BoundItem[] = [];
  if (e.docsCreated)
    out.push(
      item(
        'new Docs',
        'Drive.Files.create',
        e.docsCreated,
        'one Drive v3 Files.create with the private folder as parent and the report as content makes the Doc where it belongs',
      ),
    );
  if (e.docsChanged)
    out.push(
      item(
        'Docs written',
        'Docs.Documents.batchUpdate',
        e.docsChanged,
        'one Docs API batchUpdate appends the dated entry without opening and saving the Doc',
      ),
    );
  if (e.shares)
    out.push(item('shares', 'Drive.Permissions.create', e.shares, 'one permission per member and file (Drive v3)'));
  if (e.revocations)
    out.push(item('revocations', 'Drive.Permissions.delete', e.revocations, 'one delete per permission removed'));
  if (e.mails)
    out.push(
      item(
        'emails',
        'MailApp.sendEmail',
        e.mails,
        "one send per message: each member's links are signed for them (a web app run as the owner cannot tell who opens it)",
      ),
    );
  return out;
}

/**
 * The lower bound of one operation given what it observably did: the state any design must read and write for it
 * (a row is a row whatever the schema), the lock and the ids, and one call of the cheapest kind per Doc, share and
 * email it made. Nothing here is taken from the product's design (no journal, no flush per commit, no audit log).
 */
export function lowerBound(op: OperationName, e: Effects, c: BoundContext): LowerBound {
  const items: BoundItem[] = [];
  const add = (...more: BoundItem[]) => items.push(...more);
  const cases = c.cases ?? 0;
  const caseRow = read('the case', CASE_CELLS, 'the page and the decision depend on the case as it stands now');
  const get = (...reads: BoundItem[]) =>
    add(
      { ...PROPS, what: `GET: ${PROPS.what}` },
      { ...OPEN, what: `GET: ${OPEN.what}` },
      ...reads.map((r) => ({ ...r, what: `GET: ${r.what}` })),
    );
  switch (op) {
    case 'intake':
      add(
        LOCK,
        PROPS,
        OPEN,
        read('the roster', c.members * MEMBER_CELLS, 'who must be told (name, address, role, active)'),
        item(
          'append the case',
          'Sheet.appendRow',
          1,
          'the report must be kept; the Form event hands it over',
          CASE_CELLS,
        ),
      );
      break;
    case 'page':
      get(caseRow);
      break;
    case 'screening':
      get(caseRow);
      add(
        LOCK,
        PROPS,
        OPEN,
        caseRow,
        item('append the answer', 'Sheet.appendRow', 1, 'the declaration must be kept', DECISION_CELLS),
      );
      break;
    case 'roster':
      add(
        LOCK,
        PROPS,
        OPEN,
        read('the roster', (c.members + 1) * MEMBER_CELLS, 'the row the owner typed, against those already there'),
        item('append the member', 'Sheet.appendRow', 1, 'the member must be recorded', 8),
      );
      break;
    case 'onboarding': {
      const people = read(
        'who was reported',
        cases,
        'the page lists every reported person of past cases (one cell each)',
      );
      get(people);
      add(
        LOCK,
        PROPS,
        OPEN,
        people,
        item(
          'write the answers',
          'Range.setValues',
          1,
          'one declaration per past case, written in one block',
          cases * DECISION_CELLS,
        ),
      );
      break;
    }
    case 'ballot':
    case 'ballot-deciding': {
      const vote = read('the vote', VOTE_CELLS, 'who may vote and the vote as it stands');
      get(vote);
      add(
        LOCK,
        PROPS,
        OPEN,
        vote,
        item('write the ballot', 'Range.setValues', 1, 'the ballot must be kept', VOTE_CELLS),
      );
      if (op === 'ballot-deciding') add(item('write the case', 'Range.setValues', 1, 'the case moves on', CASE_CELLS));
      break;
    }
    case 'sweep-idle':
    case 'sweep-hourly':
      add(
        item(
          'when is anything due',
          'Properties.getProperty',
          1,
          'the earliest deadline can be kept in one property; nothing due, nothing else to read',
        ),
        item(
          'the changes feed',
          'Drive.Changes.list',
          1,
          'Drive lists what changed since a saved token: drift is found without reading each Doc',
        ),
        INBOX,
      );
      break;
    case 'sweep-due': {
      const open = c.openCases ?? 0;
      add(
        LOCK,
        PROPS,
        OPEN,
        read('the open cases', open * CASE_CELLS, 'which follow-ups, reminders and moderator answers are due'),
        item('write the open cases', 'Range.setValues', 1, 'what was sent and when, in one block', open * CASE_CELLS),
        item('the changes feed', 'Drive.Changes.list', 1, 'Drive lists what changed since a saved token'),
        INBOX,
      );
      break;
    }
    case 'audit':
      add(
        item(
          'the changes feed',
          'Drive.Changes.list',
          1,
          'Drive lists what changed since a saved token; only a Doc it lists needs reading',
        ),
      );
      break;
  }
  if (!['audit', 'sweep-idle', 'sweep-hourly', 'page'].includes(op)) add(...effects(e));
  return { total: items.reduce((n, i) => n + i.n, 0), ms: priceOf(items), items };
}

/** The price of the items under the cost model (ms). */
export function priceOf(items: BoundItem[]): number {
  let ms = 0;
  for (const i of items) {
    const latency = PUBLISHED_LATENCY[i.method] ?? PUBLISHED_LATENCY.default ?? 0;
    ms += i.n * latency + i.cells * (PUBLISHED_CELL_LATENCY[i.method] ?? 0);
  }
  return ms;
}
