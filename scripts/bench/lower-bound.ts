// The lower bound of each operation in round trips: one per store it must read, one per store it must change, one per Doc, share or email that must happen, plus what the execution protocol of docs/architecture.md requires for safety.
import { STORE_READS } from '../../src/flows/store-audit';
import type { Effects, OperationName } from './operations';

/** One line of a lower bound: what, how many round trips, and why it cannot be avoided. */
export interface BoundItem {
  what: string;
  n: number;
  why: string;
}

export interface LowerBound {
  total: number;
  items: BoundItem[];
}

/** What the bound depends on besides the observed effects. */
export interface BoundContext {
  /** Active members of the committee. */
  members: number;
}

const item = (what: string, n: number, why: string): BoundItem => ({ what, n, why });

/** Taking the script lock (every state-changing entry point) and reading Script Properties (ids, keys). */
function protocol(lock: boolean): BoundItem[] {
  const out = [item('Script Properties read', 1, 'the spreadsheet and folder ids and the signing keys live there')];
  if (lock) out.unshift(item('script lock', 1, 'state changes are serialised (docs/architecture.md step 1)'));
  return out;
}

function opens(n: number): BoundItem {
  return item('open spreadsheets', n, 'a spreadsheet must be opened by id before any of its tabs can be read');
}

function reads(tabs: string[]): BoundItem {
  return item(`read ${tabs.join(', ')}`, tabs.length, 'one batch read per tab the decision needs');
}

function writes(tabs: string[]): BoundItem {
  return item(`write ${tabs.join(', ')}`, tabs.length, 'one batch write per tab that changes');
}

/** Appending to the Audit tab: where the last row is, then one write. */
function auditAppend(): BoundItem {
  return item('Audit tab: last row + write', 2, 'the audit log is append-only and never read; its end must be found');
}

function flush(n = 1): BoundItem {
  return item('flush', n, 'persist first: each commit point is made durable before the next side effect');
}

/**
 * Docs: a new Doc is created, written and saved, then moved into the private folder (the file and the
 * folder must be looked up: 2 handles, 1 move); a changed Doc is opened and saved once, however many
 * entries the execution appends to it.
 */
function docs(e: Effects): BoundItem[] {
  const out: BoundItem[] = [];
  if (e.docsCreated)
    out.push(
      item(
        'create, save and file new Docs',
        5 * e.docsCreated,
        'create + save, then getFileById + getFolderById + moveTo into the private folder',
      ),
    );
  if (e.docsChanged)
    out.push(
      item('open and save changed Docs', 2 * e.docsChanged, 'a dated entry must be written into each Doc (DESIGN §2)'),
    );
  return out;
}

/**
 * Mail: the remaining quota is read once; each at-least-once message is one send and one durable journal
 * mark (a Script Property write right after the send, so a crash neither loses nor repeats it); then one
 * write marks the batch sent, one flush makes that durable and one property write clears the journal.
 */
function mail(e: Effects): BoundItem[] {
  if (!e.mails) return [];
  return [
    item('mail quota check', 1, 'MailApp.getRemainingDailyQuota before sending'),
    item(
      'send + journal mark per message',
      2 * e.mails,
      'exactly-once delivery needs a durable mark per send (docs/architecture.md "Mail")',
    ),
    item('mark batch sent, flush, clear journal', 3, 'the outbox rows become `sent` in one write'),
  ];
}

function shares(e: Effects): BoundItem[] {
  const out: BoundItem[] = [];
  if (e.shares)
    out.push(
      item(
        'shares',
        e.shares,
        'one permission per member and file: a case Doc, or the status spreadsheet for a new member (Drive v3, silent)',
      ),
    );
  if (e.revocations)
    out.push(
      item(
        'revoke and confirm',
        3 * e.revocations,
        'list permissions, remove, list again (Drive ACLs are last-writer-wins)',
      ),
    );
  return out;
}

/**
 * The lower bound of one operation given what it observably did. Static parts (stores read and changed)
 * are fixed per operation; Docs, shares and mail are counted from the effects.
 */
export function lowerBound(op: OperationName, e: Effects, c: BoundContext): LowerBound {
  const items: BoundItem[] = [];
  const add = (...more: BoundItem[]) => items.push(...more);
  switch (op) {
    case 'intake':
      add(
        ...protocol(true),
        opens(2),
        reads(['registry Cases', 'status Cases', 'Settings', 'Committee', 'Members', 'Outbox']),
        item(
          'commit 1: registry Cases row + flush',
          2,
          'the code name is on disk before a Doc exists (crash recovery finds the Doc by it)',
        ),
        item(
          'status Cases: re-read + append',
          2,
          'status rows are found by code name at write time (members sort and insert rows)',
        ),
        writes(['registry Cases (Doc id, phase)', 'Outbox']),
        auditAppend(),
        flush(),
      );
      break;
    case 'screening':
      // GET: who and which case; POST: the same, then decision first, share second.
      add(
        item('GET: Script Properties', 1, 'ids and signing keys'),
        item('GET: open spreadsheets', 2, 'registry and status'),
        item(
          'GET: read registry Cases, Clearances, Committee, Members',
          4,
          'the link names a member and a case; the page shows what they declared',
        ),
      );
      add(
        ...protocol(true),
        opens(2),
        reads(['registry Cases', 'Clearances', 'Committee', 'Members']),
        item('commit 1: Clearances + Audit + flush', 4, 'the decision is recorded before Drive is touched'),
        item(
          'commit 2: Clearances (share state), Outbox read + append, flush',
          4,
          'what the share did, and the access email queued',
        ),
        item('Audit append (second commit)', 1, 'its end is already known'),
      );
      break;
    case 'roster':
      add(
        ...protocol(true),
        opens(2),
        reads(['Committee', 'Members', 'registry Cases', 'Clearances', 'Outbox']),
        writes(['Members', 'Outbox']),
        auditAppend(),
        flush(),
      );
      break;
    case 'onboarding':
      add(
        item('GET: Script Properties', 1, 'ids and signing keys'),
        item('GET: open spreadsheets', 2, 'registry and status'),
        item(
          'GET: read Committee, Members, registry Cases, Clearances',
          4,
          'the page lists every reported person the member has not answered for',
        ),
      );
      add(
        ...protocol(true),
        opens(2),
        reads(['Committee', 'Members', 'registry Cases', 'Clearances', 'Outbox']),
        item('commit 1: Clearances, Members + Audit + flush', 5, 'every decision is recorded before any share'),
        item(
          'commit 2: Clearances (share states), Outbox + Audit + flush',
          4,
          'what the shares did, and one email listing them',
        ),
      );
      break;
    case 'ballot':
    case 'ballot-deciding':
      add(
        item('GET: Script Properties', 1, 'ids and signing keys'),
        item('GET: open spreadsheets', 2, 'registry and status'),
        item(
          'GET: read registry Cases, Clearances, Committee, Members, Votes',
          5,
          'who may vote, and the vote as it stands',
        ),
        item('GET: open the Doc', 1, 'the page shows the plan and consequences being voted on'),
      );
      add(
        ...protocol(true),
        opens(2),
        reads(['registry Cases', 'Clearances', 'Committee', 'Members', 'Votes']),
        writes(['Votes']),
        auditAppend(),
        flush(),
      );
      if (op === 'ballot-deciding') {
        add(
          reads(['Settings', 'Outbox']),
          item('status Cases: re-read + write', 2, 'the case moves on; its status row is found by code name'),
          writes(['registry Cases (phase)', 'Outbox']),
        );
      }
      break;
    case 'sweep-idle':
    case 'sweep-due':
      add(
        ...protocol(true),
        opens(2),
        item(
          'trigger health',
          2,
          "ScriptApp.getProjectTriggers (exactly one trigger per handler; only the owner's call sees them, and the effective user is a local read), the time recorded in Script Properties (other executions check only when it is an hour old)",
        ),
        item('Form responses since the last run', 1, 'a report whose submit trigger never ran is found and taken in'),
        item('committee inbox listed', 1, 'replies to what was sent are found and filed (Gmail users.threads.list)'),
        reads([
          'registry Cases',
          'Clearances',
          'Committee',
          'Members',
          'Settings',
          'status Cases',
          'Outbox',
          'Moderation',
        ]),
      );
      add(...auditBound(e, true));
      if (op === 'sweep-due') {
        add(writes(['registry Cases', 'Moderation', 'Outbox']), auditAppend(), flush());
      }
      break;
    case 'audit':
      // The audit row counts the sweep's Drive calls only, so its bound is the Drive reads (the cursor is the sweep's).
      add(...auditBound(e, false));
      break;
  }
  if (op !== 'audit') add(...docs(e), ...shares(e), ...mail(e));
  void c;
  return { total: items.reduce((n, i) => n + i.n, 0), items };
}

/**
 * The access audit reads each Doc's sharing state once: general access, who holds which role, its parents
 * and whether editors may re-share. One Drive v3 `Files.get` with `fields=parents,writersCanShare,permissions(…)`
 * returns all of it (the product makes exactly that call); the stores (the private folder, the registry, the Form and
 * the status spreadsheet: STORE_READS) are read the same way by the run that starts a pass, and the cursor is saved
 * once per run. `docsAudited` counts those Files.get calls: the Docs plus the stores (a run in the middle of a pass
 * reads no store; the total is the same).
 */
function auditBound(e: Effects, cursor: boolean): BoundItem[] {
  if (!e.docsAudited) return [];
  const stores = Math.min(STORE_READS, e.docsAudited);
  const docsChecked = e.docsAudited - stores;
  const out = [
    item(
      'audit: the stores',
      stores,
      'the sharing of the private folder, the registry, the Form and the status spreadsheet (one Drive Files.get each), by the run that starts a pass',
    ),
    item(
      'audit: one read per Doc checked',
      docsChecked,
      'sharing, parents and re-share flag of each Doc (one Drive Files.get)',
    ),
  ];
  if (cursor)
    out.push(item('audit: cursor', 1, 'where the next run resumes, or when the pass ended (Script Property)'));
  return out;
}
