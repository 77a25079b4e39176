// The shared checker of DESIGN.md §7: every integration test calls it after every step, against the emulator's snapshot and the private registry.
import { findEmailsInText, stripControlCharacters } from '../../src/core/text';
import { canonicalAddress, foldText } from '../../src/core/identity';
import {
  decodeEntities,
  type DocSnapshot,
  type SentMail,
  type ServedPage,
  type SheetSnapshot,
  type Workspace,
  type WorkspaceContents,
} from '../../workbench';

/** People a test put into reports, so the checker knows which names and addresses must stay out of sight. */
export interface ReportPeople {
  reporter?: Person;
  reported?: Person[];
  witnesses?: Person[];
  /** The person a report was made for (protected like the reporter). */
  affected?: Person[];
}

/** A person of a report: a name, an address, or a bare handle (searched as one whole word, never split). */
interface Person {
  name?: string;
  email?: string;
  handle?: string;
}

/**
 * What the test knows that the workspace does not say by itself. Create with `newKnowledge(ws)`; tests add
 * to it as they go (reports submitted, moderators, letters' recipients), and the checker keeps its own
 * memory of who was ever cleared, so a later conflict declaration does not turn past access into a violation.
 */
export interface Knowledge {
  owner: string;
  /** Names and addresses of reporters, reported people and witnesses (invariant 5). */
  people: ReportPeople[];
  /** Addresses of moderators of any space (invariant 7). */
  moderatorEmails: Set<string>;
  /** Addresses the reported people were written to at (invariant 7). */
  reportedPersonEmails: Set<string>;
  /**
   * Outbox keys that may legitimately have been sent twice: an at-least-once message whose execution died
   * between `MailApp.sendEmail` and its journal write (the one window no protocol can close).
   */
  allowedDuplicateKeys: Set<string>;
  /** Response ids whose case may still be unfinished (a crash test between the crash and the recovery). */
  unfinishedResponses: Set<string>;
  /** Sheet cells a *person* typed as formulas on purpose (`<spreadsheetId>/<tab>!R<row>C<col>`). */
  humanFormulaCells: Set<string>;
  /** Checker memory: doc id → emails ever recorded as cleared ("no conflict") for its case. */
  everCleared: Map<string, Set<string>>;
  /**
   * Access a *person* gave on purpose (`<fileId>|<email, or anyone/domain>`), e.g. an audit test switching link
   * sharing on by hand: not the system's doing, so invariant 2 does not count it (the test asserts the repair).
   */
  humanAccess?: Set<string>;
  /**
   * Files a person made and gave the committee account ("Transfer ownership", ADV-211): theirs, not the system's, so a
   * Doc titled with a code name is a case Doc only if the registry records it as one.
   */
  humanFiles?: Set<string>;
  /** Case Docs a person made non-private or moved on purpose; invariant 1 skips them until the test removes the id. */
  humanDrift?: Set<string>;
  /** Code names (lower case) whose status row a *person* deleted: invariant 6 then accepts none there (never two). */
  humanDeletedStatusRows?: Set<string>;
  /** Code names (lower case) whose status row a *person* copied: invariant 6 then accepts that one copy (never a third). */
  humanCopiedStatusRows?: Set<string>;
  /**
   * Status `Cases` cells a *person* typed a name into on purpose (the privacy lint's input), as
   * `<code name, lower case>|<column header>`: invariant 5 skips exactly those cells, and the notes on them (the system
   * must not add any).
   */
  humanTextCells?: Set<string>;
  /**
   * Checker memory for need-to-know: how many pages and mails were judged (each once, with the clearances of the
   * moment it was first seen: what a person read then) and what was found, reported again at every check.
   */
  needToKnow?: { pages: number; mail: number; found: string[] };
  /** Status `Cases` headers a person renamed: current header text → the header it stands for. */
  statusHeaderAliases?: Map<string, string>;
  /**
   * Checker memory: case id → what was found when its code name was judged against the reports on file, at the first
   * check that saw it ('' for nothing), reported again at every check.
   */
  codeNamesJudged?: Map<string, string>;
  /** Checker memory: Form id → the Form's own texts when the checker first saw it (setup's words). */
  formTexts?: Map<string, Set<string>>;
  /** Checker memory: every address a case's `Reporter Email` ever held (a corrected one too), lower case. */
  reporterAddresses?: Set<string>;
  /** Checker memory: how many executions' errors were read, and those that named someone (invariant 5, logs). */
  executionErrors?: { seen: number; found: string[] };
}

export function newKnowledge(ws: Pick<Workspace, 'owner'>): Knowledge {
  return {
    owner: ws.owner.toLowerCase(),
    people: [],
    moderatorEmails: new Set(),
    reportedPersonEmails: new Set(),
    allowedDuplicateKeys: new Set(),
    unfinishedResponses: new Set(),
    humanFormulaCells: new Set(),
    everCleared: new Map(),
    humanAccess: new Set(),
    humanDrift: new Set(),
    humanDeletedStatusRows: new Set(),
    statusHeaderAliases: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------------

type Row = Record<string, string>;

function tableOf(sheet: SheetSnapshot | undefined, aliases?: Map<string, string>): Row[] {
  if (!sheet || sheet.rows.length < 1) return [];
  const header = sheet.rows[0].map((h) => {
    const text = String(h ?? '').trim();
    return aliases?.get(text) ?? text;
  });
  return sheet.rows.slice(1).map((row) => {
    const out: Row = {};
    header.forEach((h, i) => {
      if (h) out[h] = String(row[i] ?? '');
    });
    return out;
  });
}

/** How German and Scandinavian names are spelt without the letter (the checker's own table, not the product's). */
const SPELT_OUT: Record<string, string> = {
  '\u00e4': 'ae',
  '\u00f6': 'oe',
  '\u00fc': 'ue',
  '\u00e5': 'aa',
  '\u00f8': 'oe',
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Needles for one person: the full name, each name word of 3+ letters, the address and its local part — all folded
 * (DESIGN §7: compared after NFKC, default-ignorables and confusable skeletons), matched against folded text.
 */
function needlesOf(person: Person | undefined): RegExp[] {
  const out: RegExp[] = [];
  if (!person) return out;
  const handle = foldText((person.handle ?? '').trim());
  if (handle) out.push(new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(handle)}($|[^\\p{L}\\p{N}_])`, 'u'));
  const name = foldText((person.name ?? '').trim());
  // Beside a letter of a script written without spaces (Japanese, Chinese, Thai, …) a name has no boundary (ADV-125).
  const edge =
    '[^\\p{L}]|[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}]';
  if (name) {
    out.push(new RegExp(`(^|${edge})${escapeRegExp(name)}($|${edge})`, 'u'));
    // Its words as the product splits them (at any non-letter: "Anne-Marie", "O'Brien"), and any two to four of them
    // glued ("OBrien", "Vanderberg": ADV-164).
    // An address or a link given as a name (ADV-135: "sam.doe@example.com"; a formula's "https://…") is searched whole
    // above, not as "com" or "https".
    const words = name
      .replace(/\S*(@|:\/\/)\S*/g, ' ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    // Umlauts spelt out as a keyboard without them writes them ("M\u00fcller" as "Mueller"), and such spellings drawn
    // back ("Mueller" as "Muller", which "M\u00fcller" folds to): ADV-173.
    const spelt = foldText(
      (person.name ?? '')
        .normalize('NFC')
        .replace(/[\u00e4\u00f6\u00fc\u00e5\u00f8]/giu, (c) => SPELT_OUT[c.toLowerCase()]),
    )
      .replace(/\S*(@|:\/\/)\S*/g, ' ')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const drawn = words.map((w) => (w.replace(/([aou])e/g, '$1').length >= 4 ? w.replace(/([aou])e/g, '$1') : w));
    const runs: string[] = [];
    for (const spelling of [words, spelt, drawn]) {
      runs.push(...spelling);
      if (spelling !== words && spelling.length > 1)
        out.push(new RegExp(`(^|${edge})${spelling.join(' ')}($|${edge})`, 'u'));
      for (let i = 0; i < spelling.length; i++)
        for (let j = i + 2; j <= Math.min(spelling.length, i + 4); j++) runs.push(spelling.slice(i, j).join(''));
    }
    for (const word of new Set(runs)) {
      if (word.length >= 3) out.push(new RegExp(`(^|${edge})${escapeRegExp(word)}($|${edge})`, 'u'));
    }
  }
  const email = foldText((person.email ?? '').trim());
  // The mailbox too (ADV-163): "kestrel77@example.net" is the reporter "kestrel77+coc@example.net", and firstHit adds
  // the mailbox of every address in the text.
  if (email) out.push(new RegExp(escapeRegExp(email)), new RegExp(escapeRegExp(canonicalAddress(email))));
  return out;
}

function allPeopleNeedles(k: Knowledge): RegExp[] {
  const out: RegExp[] = [];
  for (const p of k.people) {
    out.push(...needlesOf(p.reporter));
    for (const r of p.reported ?? []) out.push(...needlesOf(r));
    for (const w of p.witnesses ?? []) out.push(...needlesOf(w));
  }
  return out;
}

function reporterSideNeedles(k: Knowledge): RegExp[] {
  const out: RegExp[] = [];
  for (const p of k.people) {
    for (const person of [p.reporter, ...(p.witnesses ?? []), ...(p.affected ?? [])]) {
      out.push(...needlesOf(person));
      // The local part alone often is the person's handle elsewhere ("kestrel77" on the forum).
      const folded = foldText((person?.email ?? '').trim());
      // As typed and as its mailbox ("kestrel77" for "kestrel77+coc@…" or "k.estrel77@gmail.com").
      for (const local of new Set([folded.split('@')[0], canonicalAddress(folded).split('@')[0]])) {
        // Only a distinctive one (digits or punctuation in it): "one@…" or "reporter@…" must not make every "one" or
        // "reporter" in a sentence a leak; a name-like local part is searched as the name already.
        if (/[^\p{L}]/u.test(local) && local.length >= 3 && person?.email?.includes('@'))
          out.push(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(local)}($|[^\\p{L}\\p{N}])`, 'u'));
      }
    }
  }
  return out;
}

/**
 * The words of the people a case's registry row names (reporter, witnesses, reported people: names, handles, the
 * part of each address before the @), folded, at least 3 letters, at most the first 8 of each name and 24 letters
 * long: the bounds within which intake promises a code name echoes none (src/core/code-names.ts codeNameTokens).
 */
function reportWordsOf(row: Row): string[] {
  const people = (cell: string | undefined): string[] => {
    try {
      const parsed = JSON.parse(cell || '{}') as { names?: string[]; handles?: string[]; emails?: string[] };
      return [...(parsed.names ?? []), ...(parsed.handles ?? []), ...(parsed.emails ?? []).map((e) => e.split('@')[0])];
    } catch {
      return [];
    }
  };
  const names = [
    row['Reporter Name'] ?? '',
    (row['Reporter Email'] ?? '').split('@')[0],
    ...people(row.Witnesses),
    ...people(row.Reported),
  ];
  return names.flatMap((name) =>
    foldText(String(name))
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => (w.match(/\p{L}/gu) ?? []).length >= 3 && w.length <= 24)
      .slice(0, 8),
  );
}

/** The Form's question whose answer names the reported people (src/core/report.ts ITEM.involved, as the Form asks it). */
const INVOLVED = 'Who was involved?';
/** The Form's question whose answer is the reporter's address (ITEM.email). */
const REPORTER_EMAIL = 'Your email address';

/** Addresses written in a text, folded as the needles are (the checker's own pattern, not the product's reader). */
function addressesIn(text: string): string[] {
  return (foldText(text).match(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+/gu) ?? []).map((a) =>
    a.replace(/[.-]+$/, ''),
  );
}

/** `@handles` written in a text (not an address's `@`), folded, with their `@`. */
function handlesIn(text: string): string[] {
  return [...foldText(text).matchAll(/(^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}_][\p{L}\p{N}_.-]*)/gu)]
    .map((m) => `@${m[2].replace(/[.-]+$/, '')}`)
    .filter((h) => h.length >= 3);
}

/** Where people go by a handle, as a reporter names them ("on Discord", "on the forum"). */
const PLATFORMS =
  '(?:the\\s+)?(?:discord|github|gitlab|codeberg|slack|irc|libera|matrix|element|mastodon|fosstodon|bluesky|twitter|zulip|telegram|reddit|discourse|forum|mailing\\s+list|chat|server|wiki|tracker)';
/** A handle as written: letters, digits and `_.-` inside, 3 to 64 of them, quoted or not. */
const BARE = '["\'\u201c\u2018]?([\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]{2,63})';
/**
 * Bare handles a reporter says are theirs, without an `@` (the checker's own patterns, first person only, since a
 * handle in someone else's sentence may be the reported person's): "my username is kestrel77", "my Discord handle:
 * kestrel_77", "I am kestrel77 on Discord", "I'm on GitHub as kes-trel" / "find me on the forum as kest_q". Only a
 * handle-like word (a digit, `_`, `.` or `-` inside), so "I am active on Discord", "on the forum as well" or "my handle
 * is private" name nobody. Read from the text in its compatibility forms' plain letters, lower case; each folded as
 * the needles are.
 */
function bareHandlesIn(text: string): string[] {
  const plain = stripControlCharacters(text)
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/[\u2019\u02bc]/g, "'")
    .toLowerCase();
  const keyword = new RegExp(
    `\\b(?:my|our)\\s+(?:${PLATFORMS}\\s+)?(?:user\\s*name|handle|nick(?:name)?|screen\\s*name)\\s*(?:is\\s+|:\\s*|=\\s*|\\s)${BARE}`,
    'gu',
  );
  const iAm = new RegExp(`\\bi(?:\\s+am|'m|m)\\s+${BARE}\\s+on\\s+${PLATFORMS}\\b`, 'gu');
  const as = new RegExp(`\\b(?:i|me)\\b[^.\\n]{0,30}?\\bon\\s+${PLATFORMS}\\s+as\\s+${BARE}`, 'gu');
  const found: string[] = [];
  // Only a word no sentence uses ("I am active on Discord", "on the forum as well", "my handle is private").
  const handleLike = (h: string) => /^[\p{L}\p{N}_]+[\p{N}_.-]/u.test(h.replace(/[.-]+$/, ''));
  for (const m of [...plain.matchAll(keyword), ...plain.matchAll(iAm), ...plain.matchAll(as)])
    if (handleLike(m[1])) found.push(m[1]);
  return found.map((h) => foldText(h.replace(/[.-]+$/, ''))).filter((h) => h.length >= 3 && /\p{L}/u.test(h));
}

/**
 * The people the reporter wrote of, as the raw inputs the emulator saw hold them (DESIGN §7, ADV-544: the report
 * protects them whatever the product kept): every address and `@handle` in a Form response's answers (the story,
 * "anything else", the witnesses, the person affected; the email answer whole, as typed, even malformed), and in the
 * email the reporter's addresses sent the committee account (replies filed into the case, a report by email: a second
 * address they gave, or the address a member corrected theirs to), and the bare handles they say are theirs ("my
 * username is kestrel77": bareHandlesIn). Reporter-side, as witnesses are. Not those of the people reported (the answer to "Who was
 * involved?" and the addresses the test wrote letters to or declared for them), of the committee (the account,
 * members, moderators): those appear legitimately. Addresses in "Who was involved?" are the reported people's.
 */
function writtenPeople(ws: Workspace, snap: WorkspaceContents, k: Knowledge, committee: Set<string>): ReportPeople[] {
  const responses = snap.forms.flatMap((f) => f.submitted);
  const text = (answer: string | string[] | undefined) => (Array.isArray(answer) ? answer.join('\n') : (answer ?? ''));
  const involved = responses.map((r) => text(r.answers[INVOLVED])).join('\n');
  const reportedAddresses = addressesIn(involved);
  const declared = [
    ...k.reportedPersonEmails,
    ...k.people.flatMap((p) => (p.reported ?? []).map((r) => r.email ?? '')),
  ];
  const exempt = new Set(
    [...reportedAddresses, ...declared.filter((e) => e.includes('@')), ...committee, k.owner].map((e) =>
      canonicalAddress(e),
    ),
  );
  const exemptHandles = new Set([
    ...handlesIn(involved),
    ...k.people.flatMap((p) => (p.reported ?? []).map((r) => foldText((r.name ?? '').trim()))),
  ]);
  const typedEmails = responses.flatMap((r) =>
    text(r.answers[REPORTER_EMAIL])
      .split(/[\s,;<>]+/)
      .filter((part) => part.includes('@'))
      .map((part) => foldText(part)),
  );
  // And every address the registry ever held as a case's reporter's: one a member corrected from the case page
  // (ADV-221, ADV-232) is the reporter's too, and what they write from it is their words.
  const onFile = [...(k.reporterAddresses ?? [])].map((e) => foldText(e));
  const reporters = new Set(
    [...typedEmails, ...onFile, ...k.people.map((p) => p.reporter?.email ?? '').filter((e) => e.includes('@'))].map(
      (e) => canonicalAddress(e),
    ),
  );
  const written = [
    ...responses.flatMap((r) =>
      Object.entries(r.answers)
        .filter(([title]) => title !== INVOLVED)
        .map(([, answer]) => text(answer)),
    ),
    ...ws
      .mailbox(k.owner)
      .filter((m) => reporters.has(canonicalAddress(m.from)))
      .map((m) => `${m.subject}\n${m.body}`),
  ].join('\n');
  const emails = [...new Set([...typedEmails, ...onFile, ...addressesIn(written)])].filter(
    (e) => !exempt.has(canonicalAddress(e)),
  );
  const handles = [...new Set(handlesIn(written))].filter((h) => !exemptHandles.has(h));
  const bare = [...new Set(bareHandlesIn(written))].filter((h) => !exemptHandles.has(h) && !exemptHandles.has(`@${h}`));
  return [
    {
      witnesses: [
        ...emails.map((email) => ({ email })),
        ...handles.map((name) => ({ name })),
        ...bare.map((handle) => ({ handle })),
      ],
    },
    { reported: reportedAddresses.map((email) => ({ email })) },
  ];
}

/** Reporter-side addresses (reporter and witnesses), lower case, for comparing whole recipient addresses. */
function reporterSideAddresses(k: Knowledge): Set<string> {
  const out = new Set<string>();
  for (const p of k.people) {
    for (const person of [p.reporter, ...(p.witnesses ?? []), ...(p.affected ?? [])]) {
      const email = (person?.email ?? '').trim().toLowerCase();
      // And its mailbox: "kestrel77@example.net" in To is the reporter "kestrel77+coc@example.net" (ADV-163).
      if (email) out.add(email).add(canonicalAddress(email));
    }
  }
  return out;
}

/**
 * Invariant 7 on mail to moderators or the reported person. What the recipients read (subject, bodies, Reply-To)
 * must hold no reporter-side name, address or handle. The recipient lists are addresses, not text: the
 * recipient's own address is no leak even when it shares a word with a witness's name (issue 20: a letter to
 * "hiba.quispe@…" with a witness "Łukasz Quispe"), but a reporter-side address among the visible recipients (To,
 * Cc) would tell every recipient who reported.
 */
export function findReporterIdentityInOutsiderMail(
  mails: readonly SentMail[],
  k: Knowledge,
  sentTo: readonly string[] = [],
): string[] {
  const v: string[] = [];
  const reporterNeedles = reporterSideNeedles(k);
  const reporterAddresses = reporterSideAddresses(k);
  const outsiders = new Set([...k.moderatorEmails, ...k.reportedPersonEmails, ...sentTo].map((e) => e.toLowerCase()));
  if (!outsiders.size || !reporterNeedles.length) return v;
  for (const mail of mails) {
    const recipients = [...mail.to, ...mail.cc, ...mail.bcc].map((e) => e.toLowerCase());
    if (!recipients.some((r) => outsiders.has(r))) continue;
    const hit = firstHit(
      withoutReportedNames([mail.name, mail.subject, mail.body, mail.htmlBody, mail.replyTo].join('\n'), k),
      reporterNeedles,
    );
    if (hit) v.push(`7: mail "${mail.subject}" to ${recipients.join(',')} carries reporter-side identity "${hit}"`);
    const visible = [...mail.to, ...mail.cc].map((e) => e.trim().toLowerCase());
    const exposed = visible.find((r) => reporterAddresses.has(r) || reporterAddresses.has(canonicalAddress(r)));
    if (exposed)
      v.push(
        `7: mail "${mail.subject}" to ${recipients.join(',')} lists the reporter-side address ${exposed} as a recipient`,
      );
  }
  return v;
}

/**
 * The text with the reported people's full names and addresses taken out: the recommendation names whom it is about
 * (issue 14), and that name or address is no reporter-side identity even when it shares a word with a witness's or
 * the reporter's (property run seed 20261202 path 16: the reported "Priya Xu" and the witness "Priya Takahashi"; seed
 * 1134017595 path 57: the reported "vesna.nakagawa@example.com" and the reporter "Ines Nakagawa"). Folded like the
 * needles.
 */
function withoutReportedNames(text: string, k: Knowledge): string {
  let folded = foldText(text);
  const reported = k.people.flatMap((p) => p.reported ?? []);
  const names = reported.map((r) => foldText((r.name ?? '').trim())).filter((n) => n.includes(' '));
  for (const name of names)
    folded = folded.replace(new RegExp(`(^|[^\\p{L}])${escapeRegExp(name)}($|[^\\p{L}])`, 'gu'), '$1 $2');
  const addresses = reported.map((r) => foldText((r.email ?? '').trim())).filter((a) => a.includes('@'));
  for (const address of addresses)
    folded = folded.replace(
      new RegExp(`(^|[^\\p{L}\\p{N}._%+-])${escapeRegExp(address)}($|[^\\p{L}\\p{N}])`, 'gu'),
      '$1 $2',
    );
  return folded;
}

function firstHit(text: string, needles: RegExp[]): string | null {
  // Each address in the text is searched as written and as the mailbox it reaches (ADV-163).
  const written = foldText(text);
  const folded = [written, ...findEmailsInText(written).map((e) => canonicalAddress(e.match))].join('\n');
  for (const n of needles) {
    const m = n.exec(folded);
    if (m) return m[0].trim();
  }
  return null;
}

/** What a person reads on a page: its title and its text, tags and styles removed, entities decoded. */
function visibleText(page: ServedPage): string {
  const withoutCode = page.body.replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ');
  // What attributes show: a field's value and placeholder, a tooltip, an image's text, a mail link's address, and a
  // hidden field's value in the page's source. Not the signed token (`t`): random base64url, a name-like run in it is
  // chance (as in mail, crash-intake-seed-11).
  const shown: string[] = [];
  for (const [tag] of withoutCode.matchAll(/<[a-z][^>]*>/gi)) {
    if (/^<input\b/i.test(tag) && /\sname\s*=\s*["']?t["'\s>]/i.test(tag)) continue;
    for (const m of tag.matchAll(/\s(value|placeholder|title|alt|aria-label|href)\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
      const value = m[3] ?? m[4] ?? '';
      if (m[1].toLowerCase() !== 'href' || /^mailto:/i.test(value)) shown.push(value);
    }
  }
  const body = withoutCode.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  return `${page.title} ${decodeEntities(body)} ${decodeEntities(shown.join(' '))}`;
}

/** The claims of the signed link a page was requested with (payload only), or null. */
function pageClaims(page: ServedPage): { sub: string; cid: string; act: string } | null {
  let token = page.fields.t ?? '';
  try {
    token ||= new URL(page.url).searchParams.get('t') ?? '';
    const payload = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Record<string, unknown>;
    // A confirmation link's cid is `<case id>.<binding>` (src/flows/confirmations.ts): the page is about that case.
    return {
      sub: String(claims.sub ?? ''),
      cid: String(claims.cid ?? '').split('.')[0],
      act: String(claims.act ?? ''),
    };
  } catch {
    return null;
  }
}

/** A line of a member's mail holding one of a case's check links: `- No conflict (<code name>): <url>` (or `Conflict`). */
const CHECK_LINK_LINE = /^\s*(- )?(no )?conflict \([^)]*\): \S+\s*$/i;

/**
 * Need-to-know (invariants 2 and 7 on everything a person reads): a page shown to anyone who is not a member cleared
 * for the link's case (an uncleared or conflicted member, a moderator, whoever holds a bad link), and any email to
 * someone who is not cleared for the case it is about, carries no reporter-side name, address or handle (reporter,
 * affected person, witnesses). The recipient's own roster name is no leak.
 */
function findNeedToKnowViolations(
  ws: Workspace,
  snap: WorkspaceContents,
  k: Knowledge,
  cleared: (memberId: string, caseId: string) => boolean,
  memberIdByEmail: Map<string, string>,
  rosterName: Map<string, string>,
  outboxCaseBySignature: Map<string, string>,
  caseCodes: Array<[string, string]> = [],
  outboxKindBySignature: Map<string, string> = new Map(),
  undecided: (memberId: string, caseId: string) => boolean = () => false,
): string[] {
  const memory = (k.needToKnow ??= { pages: 0, mail: 0, found: [] });
  const pages = ws.pages(memory.pages);
  const mails = snap.mail.slice(memory.mail);
  memory.pages += pages.length;
  memory.mail += mails.length;
  const v = memory.found;
  // Pattern awareness: a page about one case names no other case its reader is not cleared for (its code name would
  // tie that case to the person, and say it exists); a count of them is all they may learn.
  const codes = caseCodes.map(([id, code]): [string, RegExp] => [
    id,
    new RegExp(`(^|[^\\p{L}])${escapeRegExp(foldText(code))}($|[^\\p{L}])`, 'u'),
  ]);
  for (const page of pages) {
    const claims = pageClaims(page);
    if (!claims || !caseCodes.some(([id]) => id === claims.cid)) continue;
    const text = foldText(visibleText(page));
    for (const [id, pattern] of codes)
      if (id !== claims.cid && !cleared(claims.sub, id) && pattern.test(text))
        v.push(
          `2: a page "${page.title}" about case ${claims.cid} names case ${id} to ${claims.sub}, not cleared for it`,
        );
  }
  const needles = reporterSideNeedles(k);
  if (!needles.length) return [...v];
  const reporterAddresses = reporterSideAddresses(k);
  // What anyone may read: the reported people (members see them before "no conflict"; the reported person is
  // written to), and members' roster names (below). Taken out of the text before the search, longest first.
  const allowed = k.people
    .flatMap((p) => p.reported ?? [])
    .flatMap((r) => [r.email ?? '', r.name ?? ''])
    .map((x) => foldText(x.trim()))
    .filter((x) => x.length >= 2);
  // Members' full names as the Committee tab shows them to every member: an alert naming a member is no leak of a
  // reporter-side person who shares a word with them (issue 13 regression: "Ana Vasquez" left, a witness is
  // "Quentin Vasquez").
  const roster = [...rosterName.values()].map((n) => foldText(n.trim())).filter((n) => n.includes(' '));
  const hitFor = (text: string, email: string) => {
    const own = foldText(rosterName.get(email) ?? '');
    let rest = foldText(text);
    for (const x of [...allowed, ...roster, own].filter(Boolean).sort((a, b) => b.length - a.length))
      rest = rest.split(x).join(' ');
    const ownWords = new Set(own.split(/[^\p{L}\p{N}]+/u));
    const hit = firstHit(rest, needles);
    return hit && !ownWords.has(hit.replace(/[^\p{L}\p{N}]/gu, '')) ? hit : null;
  };
  for (const page of pages) {
    const claims = pageClaims(page);
    const memberEmail = [...memberIdByEmail].find(([, id]) => id === claims?.sub)?.[0] ?? '';
    if (claims && memberEmail && cleared(claims.sub, claims.cid)) continue;
    // The committee account's own link (an inbox email made a case): it holds every report already, as its mail does.
    if (claims?.sub === 'owner') continue;
    let text = visibleText(page);
    // The record and propose pages refused show the member what they typed into them, and only that (no leak to its
    // own author).
    if ((claims?.act === 'record' || claims?.act === 'propose') && page.method === 'POST')
      for (const typed of Object.values(page.fields).filter((x) => x.trim()))
        text = text.split(typed.replace(/\s+/g, ' ').trim()).join(' ');
    const hit = hitFor(text, memberEmail);
    if (hit) v.push(`2: a page "${page.title}" shown to ${memberEmail || 'someone not cleared'} carries "${hit}"`);
  }
  for (const mail of mails) {
    const recipients = [...mail.to, ...mail.cc, ...mail.bcc].map((e) => e.trim().toLowerCase());
    if (recipients.some((r) => reporterAddresses.has(r) || r === k.owner)) continue;
    const signature = mailSignature({ to: mail.to.join(','), subject: mail.subject, body: mail.body });
    const caseId = outboxCaseBySignature.get(signature);
    // An alert is about something that happened on a case: it names no case its member recipient is not cleared for
    // (a member with a conflict, or yet to answer the check, must not learn what happened there: ADV-203, ADV-206).
    // Except one about the case's row of the shared status sheet, which every member reads and may fix: it tells no
    // more than the sheet shows them (src/flows/case-state.ts noteStatusRowMissing).
    if (outboxKindBySignature.get(signature) === 'alert' && !mail.subject.includes(STATUS_ROW_ALERT)) {
      const text = foldText([mail.subject, mail.body].join('\n'));
      for (const r of recipients) {
        const id = memberIdByEmail.get(r);
        for (const [other, pattern] of codes) {
          if (!id || cleared(id, other)) continue;
          // A member yet to answer a case's check may get its check links anew under its code name (the email that
          // replaces withdrawn links): the check's own page shows that name with the people reported, so such a line
          // tells nothing the check does not. Anywhere else, and to a member who declared a conflict, it is flagged.
          const seen = undecided(id, other)
            ? text
                .split('\n')
                .filter((line) => !CHECK_LINK_LINE.test(line))
                .join('\n')
            : text;
          if (pattern.test(seen))
            v.push(`2: alert "${mail.subject}" to ${r} names case ${other}, which they are not cleared for`);
        }
      }
    }
    for (const r of recipients) {
      const id = memberIdByEmail.get(r);
      if (!id || (caseId && caseId !== '-' && cleared(id, caseId))) continue;
      // A signed link's token is random base64url: a name-like run in it ("5wes9") is chance, not a leak (its claims
      // are opaque ids; regression crash-intake-seed-11, a witness called Wes).
      const text = [mail.name, mail.subject, mail.body, mail.htmlBody, mail.replyTo]
        .join('\n')
        .replace(/\?t=[\w.-]+/g, '?t=');
      const hit = hitFor(text, r);
      if (hit) v.push(`2: mail "${mail.subject}" to ${r}, not cleared for its case, carries "${hit}"`);
    }
  }
  return [...v];
}

/** The alert about a case's row of the status sheet, sent to every member by design. */
const STATUS_ROW_ALERT = 'A status row could not be updated';

function mailSignature(m: { to: string; subject: string; body: string }): string {
  return JSON.stringify([m.to.toLowerCase(), m.subject, m.body]);
}

/** How a row of each archived tab is told apart (as src/flows/archive.ts matches them). */
const ARCHIVE_IDENTITY: Record<string, readonly string[]> = {
  Clearances: ['Case ID', 'Member ID', 'At', 'Decision', 'Via'],
  Votes: ['Vote ID'],
  Moderation: ['Case ID', 'Moderator ID', 'Sent At'],
  Outbox: ['Key'],
  Audit: ['At', 'Actor', 'Event', 'Case ID', 'Detail'],
};

function archiveIdsOf(raw: string | undefined): string[] {
  try {
    return Object.values(JSON.parse(raw ?? '{}') as Record<string, string>).filter((id) => typeof id === 'string');
  } catch {
    return [];
  }
}

/**
 * Every case of the registry: the rows of `Archived Cases` (src/flows/archive.ts) first, then those of `Cases`; a case
 * in both (an archive run killed between the two writes, or a case reopened) as `Cases` has it (src/records/cases.ts).
 * The checker, the rehearsals and the in-process tests read `Cases` through it.
 */
export function everyCase<R extends Record<string, string>>(cases: R[], archived: R[]): R[] {
  const live = new Set(cases.map((row) => row['Case ID']));
  return [...archived.filter((row) => !live.has(row['Case ID'])), ...cases];
}

/** The stores the checker reads, located through Script Properties (set by setup). */
interface Stores {
  snap: WorkspaceContents;
  statusId: string;
  registryId: string;
  /** The archive spreadsheets (owner only, like the registry). */
  archiveIds: string[];
  folderId: string;
  registry: (tab: string) => Row[];
  status: (tab: string) => SheetSnapshot | undefined;
}

function storesOf(ws: Workspace): Stores | null {
  const snap = ws.contentSnapshot();
  const props = snap.properties;
  const statusId = props.statusSpreadsheetId;
  const registryId = props.registrySpreadsheetId;
  if (!statusId || !registryId) return null;
  // A registry tab the archive was rebuilding when killed holds its rows under a temporary name (archive-store.ts).
  const sheet = (id: string, tab: string) =>
    snap.sheets.find((s) => s.spreadsheetId === id && s.name === tab) ??
    (id === registryId
      ? snap.sheets.find((s) => s.spreadsheetId === id && s.name === `${tab} (rebuilding)`)
      : undefined);
  const archiveIds = archiveIdsOf(props.archiveSpreadsheets);
  return {
    snap,
    statusId,
    registryId,
    archiveIds,
    folderId: props.folderId ?? '',
    // The registry's rows and the archives' (the archive moves a closed case's rows there): a row in both (a case
    // reopened, its rows brought back) counts once, as the registry has it now.
    registry: (tab) => {
      const rows = tableOf(sheet(registryId, tab));
      // An archived case's Cases row is in the registry's `Archived Cases` tab; a row in both (an archive run killed
      // between the two writes, or a case reopened) counts once, as `Cases` has it.
      if (tab === 'Cases') return everyCase(rows, tableOf(sheet(registryId, 'Archived Cases')));
      const identity = ARCHIVE_IDENTITY[tab];
      if (!identity || !archiveIds.length) return rows;
      const key = (row: Row) => identity.map((h) => row[h] ?? '').join('\u0001');
      const seen = new Set(rows.map(key));
      for (const id of archiveIds)
        for (const row of tableOf(sheet(id, tab))) {
          if (seen.has(key(row))) continue;
          rows.push(row);
          seen.add(key(row));
        }
      return rows;
    },
    status: (tab) => sheet(statusId, tab),
  };
}

/**
 * Returns every violation of DESIGN.md §7 found in the workspace right now (empty when all eight hold).
 * Call `expectInvariants` in tests; this form is for property runs that want to print them.
 */
export function findViolations(ws: Workspace, k: Knowledge): string[] {
  const v: string[] = [];
  const stores = storesOf(ws);
  if (!stores) return v; // before setup there is nothing to check
  const { snap } = stores;
  const cases = stores.registry('Cases');
  const members = stores.registry('Members');
  // Everyone the reporter wrote of is protected too (ADV-544), on every surface below: the checker reads them from
  // what was submitted and sent, on a copy of the knowledge whose memories (initialised first) stay the test's.
  k.needToKnow ??= { pages: 0, mail: 0, found: [] };
  k.codeNamesJudged ??= new Map();
  k.formTexts ??= new Map();
  k.executionErrors ??= { seen: 0, found: [] };
  const reporterAddresses = (k.reporterAddresses ??= new Set());
  for (const c of cases)
    if ((c['Reporter Email'] ?? '').includes('@')) reporterAddresses.add(c['Reporter Email'].trim().toLowerCase());
  const committee = new Set(
    [...members, ...tableOf(stores.status('Committee'))]
      .map((m) => (m.Email ?? '').trim().toLowerCase())
      .concat([...k.moderatorEmails])
      .filter(Boolean),
  );
  k = { ...k, people: [...k.people, ...writtenPeople(ws, snap, k, committee)] };
  const clearances = stores.registry('Clearances');
  const outbox = stores.registry('Outbox');
  const audit = stores.registry('Audit');
  const memberEmail = new Map(members.map((m) => [m['Member ID'], (m.Email ?? '').toLowerCase()]));
  const caseByDoc = new Map(cases.filter((c) => c['Doc ID']).map((c) => [c['Doc ID'], c]));
  const codeNames = new Set(cases.map((c) => c['Code Name']).filter(Boolean));
  const fileById = new Map(snap.files.map((f) => [f.id, f]));
  // The product makes Docs as the committee account only: one someone else owns (a Doc a member titled with a code name
  // and shared with the account, ADV-113) is theirs, not a case Doc, unless the registry records it as one.
  const ownedByAccount = (d: DocSnapshot) =>
    fileById.get(d.id)?.owner?.toLowerCase() === k.owner && !k.humanFiles?.has(d.id);
  const caseDocs: DocSnapshot[] = snap.docs.filter(
    (d) => caseByDoc.has(d.id) || (codeNames.has(d.title) && ownedByAccount(d)),
  );

  // Remember every clearance ever recorded, before checking access against it.
  for (const c of clearances) {
    if (c.Decision !== 'no-conflict') continue;
    const doc = cases.find((x) => x['Case ID'] === c['Case ID'])?.['Doc ID'];
    const email = memberEmail.get(c['Member ID']);
    if (!doc || !email) continue;
    const set = k.everCleared.get(doc) ?? new Set<string>();
    set.add(email);
    k.everCleared.set(doc, set);
  }

  // 1. Every case Doc is PRIVATE and in no shared folder; the private folder and registry are shared with nobody.
  for (const doc of caseDocs) {
    if (fileById.get(doc.id)?.trashed || k.humanDrift?.has(doc.id)) continue;
    if (doc.access !== 'PRIVATE') v.push(`1: case Doc "${doc.title}" has general access ${doc.access}`);
    if (doc.inSharedFolder) v.push(`1: case Doc "${doc.title}" sits in a shared folder`);
    if (fileById.get(doc.id)?.published) v.push(`1: case Doc "${doc.title}" is published to the web`);
  }
  for (const id of [
    stores.folderId,
    stores.registryId,
    ...stores.archiveIds,
    snap.properties.docArchiveFolderId ?? '',
  ]) {
    const f = fileById.get(id);
    if (!f || k.humanDrift?.has(id)) continue;
    const others = [...f.editors, ...f.viewers].filter((e) => e.toLowerCase() !== k.owner);
    if (f.access !== 'PRIVATE' || others.length)
      v.push(`1: ${f.name} must be shared with nobody (access ${f.access}, people ${others.length})`);
  }

  // 2. Nobody without a recorded "no conflict" ever held access to a case Doc.
  for (const doc of caseDocs) {
    const allowed = k.everCleared.get(doc.id) ?? new Set<string>();
    for (const who of doc.everHadAccess) {
      const email = who.toLowerCase();
      if (email === k.owner || k.humanAccess?.has(`${doc.id}|${email}`)) continue;
      if (!allowed.has(email)) v.push(`2: ${email} held access to "${doc.title}" without a recorded no-conflict`);
    }
  }

  // 2 and 5 on the Calendar events of meetings (the product's own, tagged with the case): nobody without a recorded "no
  //    conflict" for the case was ever made a guest (save by a person's hand: `humanAccess` `<event id>|<email>`), and
  //    the title and description, which every guest reads, name nobody of a report.
  const peopleNeedles = allPeopleNeedles(k);
  for (const event of ws.calendar()) {
    const caseId = (event.tags.conductDeskMeeting ?? '').split('|')[0];
    // Any other event the account made: its guests, and whoever its calendar is shared with, read it too.
    if (!caseId && event.organizer.toLowerCase() === k.owner) {
      const hit = firstHit(`${event.title}\n${event.description}`, peopleNeedles);
      if (hit) v.push(`5: the event "${event.title}" carries "${hit}"`);
    }
    if (!caseId) continue;
    const allowed = k.everCleared.get(cases.find((c) => c['Case ID'] === caseId)?.['Doc ID'] ?? '') ?? new Set();
    for (const h of event.history) {
      const email = h.email.toLowerCase();
      if (h.change === 'guest-added' && !allowed.has(email) && !k.humanAccess?.has(`${event.id}|${email}`))
        v.push(`2: ${email} was made a guest of the meeting "${event.title}" without a recorded no-conflict`);
    }
    const hit = firstHit(`${event.title}\n${event.description}`, peopleNeedles);
    if (hit) v.push(`5: the meeting "${event.title}" carries "${hit}"`);
  }

  // 2, now: whoever holds a case Doc has "no conflict" as their latest clearance of the case, unless the system
  //    recorded the revocation as still owed (a conflict's share `pending`, a removal Drive did not confirm). A later
  //    conflict or leaving must never be undone (an archived case reopened gave a Doc back this way: issue 17 hunt).
  //    Latest by `At`, then row order: the archive's rows come after the registry's here but are older.
  const latestClearance = new Map<string, Row>();
  for (const c of clearances) {
    const key = `${c['Case ID']}|${c['Member ID']}`;
    const before = latestClearance.get(key);
    if (!before || (before.At ?? '') <= (c.At ?? '')) latestClearance.set(key, c);
  }
  const memberIdByEmail = new Map([...memberEmail].map(([id, email]) => [email, id]));
  for (const doc of caseDocs) {
    const kase = caseByDoc.get(doc.id);
    if (!kase || fileById.get(doc.id)?.trashed || k.humanDrift?.has(doc.id)) continue;
    for (const who of doc.editors) {
      const email = who.toLowerCase();
      if (email === k.owner || k.humanAccess?.has(`${doc.id}|${email}`)) continue;
      const latest = latestClearance.get(`${kase['Case ID']}|${memberIdByEmail.get(email) ?? ''}`);
      if (!latest || latest.Decision === 'no-conflict' || latest.Share === 'pending') continue;
      if ((latest.Note ?? '').includes('not confirmed')) continue;
      v.push(`2: ${email} holds "${doc.title}" though their latest clearance is ${latest.Decision} (${latest.Via})`);
    }
  }

  // 1 and 2 for the Doc of a proposed change to the Code of Conduct: PRIVATE, in no shared folder, and nobody but the
  // owner and committee members (voting members and advisers, who all may read it) ever held access.
  const committeeEmails = new Set(members.map((m) => (m.Email ?? '').toLowerCase()));
  for (const proposal of stores.registry('Proposals')) {
    const doc = snap.docs.find((d) => d.id === proposal['Doc ID']);
    if (!doc || fileById.get(doc.id)?.trashed || k.humanDrift?.has(doc.id)) continue;
    if (doc.access !== 'PRIVATE') v.push(`1: proposal Doc "${doc.title}" has general access ${doc.access}`);
    if (doc.inSharedFolder) v.push(`1: proposal Doc "${doc.title}" sits in a shared folder`);
    for (const who of doc.everHadAccess) {
      const email = who.toLowerCase();
      if (email === k.owner || committeeEmails.has(email) || k.humanAccess?.has(`${doc.id}|${email}`)) continue;
      v.push(`2: ${email} held access to proposal Doc "${doc.title}" without being a committee member`);
    }
  }

  // 3. No logical message sent twice, none lost: every mail matches an outbox row, no row's content went out
  //    more often than it has rows, and every row marked sent was really sent.
  // Retention empties the addresses and texts of a purged case's rows (subjects, keys and states stay): those rows
  // are matched by subject and count against the mails nothing else matches. A case opened again after its purge
  // keeps the emptied rows (`purgedBefore`).
  const purgedCases = new Set(cases.filter((c) => /"purged(Before)?"/.test(c.Flags ?? '')).map((c) => c['Case ID']));
  const isPurged = (row: Row) => purgedCases.has(row['Case ID']) && row.To === '' && row.Body === '';
  const purgedBySubject = new Map<string, { rows: number; sent: number; mails: number }>();
  for (const row of outbox.filter(isPurged)) {
    const entry = purgedBySubject.get(row.Subject) ?? { rows: 0, sent: 0, mails: 0 };
    entry.rows++;
    if (row.State === 'sent') entry.sent++;
    purgedBySubject.set(row.Subject, entry);
  }
  const rowsBySig = new Map<string, Row[]>();
  for (const row of outbox) {
    if (isPurged(row)) continue;
    const sig = mailSignature({ to: row.To, subject: row.Subject, body: row.Body });
    rowsBySig.set(sig, [...(rowsBySig.get(sig) ?? []), row]);
  }
  const mailsBySig = new Map<string, SentMail[]>();
  for (const mail of snap.mail) {
    // Sent by a person, in no execution (Calendar's own invitation when someone adds a guest by hand): not the system's.
    if (!mail.execution) continue;
    const sig = mailSignature({ to: mail.to.join(','), subject: mail.subject, body: mail.body });
    mailsBySig.set(sig, [...(mailsBySig.get(sig) ?? []), mail]);
  }
  for (const [sig, mails] of mailsBySig) {
    const rows = rowsBySig.get(sig) ?? [];
    if (!rows.length) {
      const purged = purgedBySubject.get(mails[0].subject);
      if (purged) purged.mails += mails.length;
      else v.push(`3: a mail to ${mails[0].to.join(',')} ("${mails[0].subject}") went out without an outbox row`);
      continue;
    }
    const allowedExtra = rows.filter((r) => k.allowedDuplicateKeys.has(r.Key)).length;
    if (mails.length > rows.length + allowedExtra) {
      v.push(
        `3: "${mails[0].subject}" to ${mails[0].to.join(',')} was sent ${mails.length} times for ${rows.length} logical message(s) (${rows.map((r) => r.Key).join(', ')})`,
      );
    }
  }
  for (const [sig, rows] of rowsBySig) {
    const sentRows = rows.filter((r) => r.State === 'sent').length;
    const mails = mailsBySig.get(sig)?.length ?? 0;
    if (mails < sentRows) v.push(`3: outbox row ${rows[0].Key} is marked sent but the mail never went out`);
  }
  for (const [subject, purged] of purgedBySubject) {
    const allowedExtra = outbox.filter(
      (r) => isPurged(r) && r.Subject === subject && k.allowedDuplicateKeys.has(r.Key),
    );
    if (purged.mails > purged.rows + allowedExtra.length)
      v.push(`3: "${subject}" went out ${purged.mails} times for ${purged.rows} purged logical message(s)`);
    if (purged.mails < purged.sent) v.push(`3: purged outbox rows "${subject}" are marked sent but never went out`);
  }
  // None cut short: Sheets holds 50,000 characters a cell, and a message the outbox cut there lost its end (ADV-372).
  for (const row of outbox)
    if (Math.max(row.Body.length, (row['Html Body'] ?? '').length) >= 49_000)
      v.push(`3: outbox row ${row.Key} holds a message cut at the cell's limit`);
  const keys = new Set<string>();
  for (const row of outbox) {
    if (keys.has(row.Key)) v.push(`3: outbox key ${row.Key} appears twice`);
    keys.add(row.Key);
  }
  // A member reminder gathered into a digest is not lost: the digest it names exists (issue 15).
  for (const row of outbox) {
    if (row.State !== 'digested') continue;
    const digest = /^in (.+)$/.exec(row.Error)?.[1];
    if (digest ? !keys.has(digest) : !row.Error.startsWith('dropped: '))
      v.push(`3: reminder ${row.Key} is marked digested but no digest holds it (${row.Error || 'no note'})`);
  }

  // 4. No cell the system wrote became a formula.
  for (const sheet of snap.sheets) {
    if (
      sheet.spreadsheetId !== stores.statusId &&
      sheet.spreadsheetId !== stores.registryId &&
      !stores.archiveIds.includes(sheet.spreadsheetId)
    )
      continue;
    sheet.formulas.forEach((row, r) =>
      row.forEach((formula, c) => {
        if (!formula) return;
        const where = `${sheet.spreadsheetId}/${sheet.name}!R${r + 1}C${c + 1}`;
        if (!k.humanFormulaCells.has(where))
          v.push(`4: ${sheet.name}!R${r + 1}C${c + 1} holds a formula: ${formula.slice(0, 60)}`);
      }),
    );
  }

  // 5. No reporter, reported-person or witness name or address in the status sheet (Cases), Doc titles,
  //    email subjects, the Audit tab or the logs.
  const needles = allPeopleNeedles(k);
  if (needles.length) {
    const statusCases = stores.status('Cases');
    const statusHeader = (statusCases?.rows[0] ?? []).map((h) => String(h ?? '').trim());
    const codeColumn = statusHeader.findIndex((h) => h.toLowerCase() === 'code name');
    for (const row of statusCases?.rows ?? []) {
      for (const [c, cell] of row.entries()) {
        const code =
          codeColumn >= 0
            ? String(row[codeColumn] ?? '')
                .trim()
                .toLowerCase()
            : '';
        if (k.humanTextCells?.has(`${code}|${statusHeader[c]}`)) continue;
        const hit = firstHit(String(cell ?? ''), needles);
        if (hit) v.push(`5: status sheet cell "${String(cell).slice(0, 60)}" carries "${hit}"`);
      }
    }
    // The status spreadsheet's Conflicts tab, which the system writes and every member reads: a code name, a member's
    // roster name (no leak of anyone who shares it), a date.
    const roster = new Set(
      tableOf(stores.status('Committee')).flatMap((m) => [
        foldText((m.Name ?? '').trim()),
        foldText((m.Email ?? '').trim()),
      ]),
    );
    for (const row of tableOf(stores.status('Conflicts')))
      for (const [header, cell] of Object.entries(row)) {
        if (header === 'Member' && roster.has(foldText(cell.trim()))) continue;
        const hit = firstHit(cell, needles);
        if (hit) v.push(`5: Conflicts cell "${cell.slice(0, 60)}" carries "${hit}"`);
      }
    // The status spreadsheet's Policy changes tab, which the system writes and every member reads: a proposal's title,
    // state and dates. (Settings holds setup's fixed words beside the values the owner types; Committee the roster.)
    for (const row of tableOf(stores.status('Policy changes')))
      for (const cell of Object.values(row)) {
        const hit = firstHit(cell, needles);
        if (hit) v.push(`5: Policy changes cell "${cell.slice(0, 60)}" carries "${hit}"`);
      }
    for (const doc of snap.docs) {
      const hit = firstHit(doc.title, needles);
      if (hit) v.push(`5: Doc title "${doc.title}" carries "${hit}"`);
    }
    // Every other file the account made (spreadsheets, folders, the Form: Drive lists their names to whoever they are
    // shared with, Google's share notices carry them) and every tab of its spreadsheets (members read the status
    // spreadsheet's tab names). Files a person made and gave the account are theirs.
    for (const file of snap.files) {
      if (file.owner.toLowerCase() !== k.owner || k.humanFiles?.has(file.id)) continue;
      const hit = firstHit(file.name, needles);
      if (hit && !snap.docs.some((d) => d.id === file.id)) v.push(`5: file name "${file.name}" carries "${hit}"`);
    }
    for (const sheet of snap.sheets) {
      const hit = firstHit(sheet.name, needles);
      if (hit) v.push(`5: tab "${sheet.name}" of "${sheet.spreadsheetName}" carries "${hit}"`);
    }
    // A Drive description, which Drive's details pane shows to everyone a file is shared with: a case Doc's readers are
    // cleared for it, the registry, archives and private folders are shared with nobody (invariant 1); every other file
    // of the account (the status spreadsheet, the Form, a proposal Doc, a shared folder) members with a conflict read.
    const privateIds = new Set([
      ...caseDocs.map((d) => d.id),
      stores.registryId,
      stores.folderId,
      ...stores.archiveIds,
      snap.properties.docArchiveFolderId ?? '',
    ]);
    for (const file of snap.files) {
      if (!file.description || file.owner.toLowerCase() !== k.owner || k.humanFiles?.has(file.id)) continue;
      const hit = privateIds.has(file.id) ? null : firstHit(file.description, needles);
      if (hit) v.push(`5: the Drive description of "${file.name}" carries "${hit}"`);
    }
    // What the status spreadsheet shows beside its cells to every member, those with a conflict too: cell notes (on
    // hover), data-validation help texts (typing in such a cell) and protections' descriptions (Data > Protect sheets
    // and ranges). A note a person wrote on a Cases cell listed in `humanTextCells` is theirs, as the cell is.
    for (const sheet of snap.sheets.filter((s) => s.spreadsheetId === stores.statusId)) {
      const header = (sheet.rows[0] ?? []).map((h) => String(h ?? '').trim());
      const code = header.findIndex((h) => h.toLowerCase() === 'code name');
      for (const note of sheet.notes ?? []) {
        const key = `${String(sheet.rows[note.row - 1]?.[code] ?? '')
          .trim()
          .toLowerCase()}|${header[note.column - 1]}`;
        if (sheet.name === 'Cases' && code >= 0 && k.humanTextCells?.has(key)) continue;
        const hit = firstHit(note.text, needles);
        if (hit) v.push(`5: the note on ${sheet.name}!R${note.row}C${note.column} carries "${hit}"`);
      }
      for (const [what, texts] of [
        ['a data-validation help text', sheet.helpTexts ?? []],
        ['a protection description', sheet.protectionDescriptions ?? []],
      ] as const)
        for (const text of texts) {
          const hit = firstHit(text, needles);
          if (hit) v.push(`5: ${what} of the status tab "${sheet.name}" carries "${hit}": "${text.slice(0, 60)}"`);
        }
    }
    // The report Form's own texts, which anyone with its link reads: title, description, confirmation, questions. Those
    // it had when the checker first saw it are setup's fixed words (a test's "Person Case1" shares "person" with them):
    // only a text that came later (a space added in Settings, a question rewritten) is searched.
    const formTexts = k.formTexts ?? new Map<string, Set<string>>();
    for (const form of snap.forms) {
      const texts = [
        form.title,
        String(form.settings.description ?? ''),
        String(form.settings.confirmationMessage ?? ''),
        ...form.items.flatMap((item) => [item.title, item.helpText, ...(item.choices ?? [])]),
      ];
      const first = formTexts.get(form.id) ?? new Set(texts);
      formTexts.set(form.id, first);
      const hit = firstHit(texts.filter((t) => !first.has(t)).join('\n'), needles);
      if (hit) v.push(`5: the Form "${form.title}" carries "${hit}" in its own texts`);
    }
    // A subject, and the sender's name beside it (`name`: every recipient's inbox lists it).
    for (const mail of snap.mail) {
      const hit = firstHit(mail.subject, needles);
      if (hit) v.push(`5: subject "${mail.subject}" carries "${hit}"`);
      const named = firstHit(mail.name ?? '', needles);
      if (named) v.push(`5: the sender name "${mail.name}" of "${mail.subject}" carries "${named}"`);
    }
    for (const row of audit) {
      const hit = firstHit(Object.values(row).join(' | '), needles);
      if (hit) v.push(`5: Audit row ${row.Event} carries "${hit}"`);
    }
    for (const line of snap.logs) {
      const hit = firstHit(line.text, needles);
      if (hit) v.push(`5: log line "${line.text.slice(0, 80)}" carries "${hit}"`);
    }
    // An execution that ends in an error shows its message in the project's Executions list and Cloud logs, as a log
    // line does: read once each (with the people known then), found reported at every check.
    const errors = k.executionErrors ?? { seen: 0, found: [] };
    const executions = ws.rt.executions;
    for (; errors.seen < executions.length; errors.seen++) {
      const { error, fn: name } = executions[errors.seen];
      const hit = firstHit(error ?? '', needles);
      if (hit) errors.found.push(`5: the error of execution ${name} "${(error ?? '').slice(0, 80)}" carries "${hit}"`);
    }
    v.push(...errors.found);
  }

  // 5, code names: a case's code name (shown in the status sheet, the Doc title and subjects) echoes no word of the
  //    reports on file when it was drawn: its own, and every case registered before it (intake reads them all,
  //    src/flows/intake.ts namesOnFile) — reporters, witnesses and reported people: names, handles, and the part of
  //    an address before the @ ("melted.dianella@…"). A case is judged once, at the first check that sees it, against
  //    the cases seen at earlier checks and those above it in the registry (rows are appended in the order intake
  //    registers them), so a name reported only later is not counted against an earlier code name. A case intake had
  //    to name under its looser rule (`intake.code-name-fallback`) is skipped.
  const fallback = new Set(audit.filter((a) => a.Event === 'intake.code-name-fallback').map((a) => a['Case ID']));
  const judged = (k.codeNamesJudged ??= new Map());
  const onFile = new Map<string, string>();
  const file = (c: Row) => {
    for (const word of reportWordsOf(c)) if (!onFile.has(word)) onFile.set(word, c['Case ID']);
  };
  cases.filter((c) => judged.has(c['Case ID'])).forEach(file);
  for (const c of cases) {
    if (judged.has(c['Case ID'])) continue;
    file(c);
    const echoed =
      c['Code Name'] && !fallback.has(c['Case ID'])
        ? foldText(c['Code Name'])
            .split(/\s+/)
            .find((w) => onFile.has(w))
        : undefined;
    const from =
      onFile.get(echoed ?? '') === c['Case ID'] ? 'its own report' : `the report of case ${onFile.get(echoed ?? '')}`;
    judged.set(
      c['Case ID'],
      echoed ? `5: case ${c['Case ID']}'s code name "${c['Code Name']}" echoes "${echoed}" from ${from}` : '',
    );
  }
  for (const c of cases) if (judged.get(c['Case ID'])) v.push(judged.get(c['Case ID']) as string);

  // 6. Every distinct non-blank response becomes exactly one case (with one status row and one Doc).
  const statusRows = tableOf(stores.status('Cases'), k.statusHeaderAliases);
  // Every response ever submitted: the product deletes the Form's copy once the case holds it (retention).
  const responses = snap.forms.flatMap((f) => f.submitted);
  // A report a member recorded on their page has no Form response: its registry id (`rec:…`) stands for one.
  const recorded = cases.filter((c) => c['Response ID'].startsWith('rec:'));
  for (const response of [
    ...responses,
    ...recorded.map((c) => ({ id: c['Response ID'], answers: { recorded: 'yes' } })),
  ]) {
    const blank = Object.values(response.answers).every((a) =>
      (Array.isArray(a) ? a : [a]).every((x) => String(x ?? '').trim() === ''),
    );
    if (blank) continue;
    const rows = cases.filter((c) => c['Response ID'] === response.id);
    if (rows.length > 1) v.push(`6: response ${response.id} became ${rows.length} cases`);
    if (k.unfinishedResponses.has(response.id)) continue;
    if (rows.length === 0) {
      v.push(`6: response ${response.id} did not become a case`);
      continue;
    }
    const c = rows[0];
    if (c.Phase === 'intake') v.push(`6: case for response ${response.id} is still unfinished`);
    const inStatus = statusRows.filter(
      (s) => (s['Code Name'] ?? '').trim().toLowerCase() === c['Code Name'].toLowerCase(),
    );
    const deletedByPerson = k.humanDeletedStatusRows?.has(c['Code Name'].toLowerCase()) && inStatus.length === 0;
    const copiedByPerson = k.humanCopiedStatusRows?.has(c['Code Name'].toLowerCase()) && inStatus.length === 2;
    if (inStatus.length !== 1 && !deletedByPerson && !copiedByPerson)
      v.push(`6: case ${c['Case ID']} has ${inStatus.length} status rows`);
    // Docs Drive still holds (the emulator's stores keep a Doc deleted for good; Drive does not).
    const docs = snap.docs.filter(
      (d) =>
        d.title === c['Code Name'] &&
        (ownedByAccount(d) || d.id === c['Doc ID']) &&
        ws.data.hasFile?.(d.id) !== false &&
        !fileById.get(d.id)?.trashed,
    );
    // Retention trashes a purged case's Doc when the committee chose so (Settings `Delete case Docs when purging`). A
    // Doc Drive deleted for good (30 days after, or a person deleted it) is replaced by a reopening or by the access
    // audit: until the new one is recorded (a run killed in between, or the audit not run yet), the case has none,
    // or a new one that is private and shared with nobody. A purge two members decided (`purgeDue`, committed before
    // Drive is touched) may have trashed it in a run killed before the purge was recorded: the sweep finishes it.
    const gone = /"docDeleted"|"purgeDue"/.test(c.Flags ?? '') || ws.data.hasFile?.(c['Doc ID']) === false;
    const replacing = (d: (typeof docs)[number]) => d.access === 'PRIVATE' && !fileById.get(d.id)?.editors.length;
    if (gone && (docs.length === 0 || (docs.length === 1 && replacing(docs[0])))) continue;
    if (docs.length !== 1) v.push(`6: case ${c['Case ID']} has ${docs.length} Docs titled by its code name`);
    else if (docs[0].id !== c['Doc ID'])
      v.push(`6: case ${c['Case ID']} records Doc ${c['Doc ID']} but its Doc is ${docs[0].id}`);
  }
  // An email in the committee account's inbox the owner made a case stands for a response: `mail:<message id>`.
  const inboxIds = new Set(ws.mailbox(k.owner).map((m) => `mail:${m.id}`));
  for (const c of cases) {
    const id = c['Response ID'];
    if (inboxIds.has(id) && cases.filter((x) => x['Response ID'] === id).length > 1)
      v.push(`6: email ${id} became more than one case`);
    if (!inboxIds.has(id) && !recorded.includes(c) && !responses.some((r) => r.id === id))
      v.push(`6: case ${c['Case ID']} has no Form response behind it`);
  }

  // 7. Nothing addressed to moderators, the escalation contact or the reported person carries reporter identity
  //    (SECURITY.md: the redaction guard covers text to all three). They are who the test declared, and whoever the
  //    system sent a recommendation, an escalation or a letter to (the outbox's `To`): a test that did not declare
  //    them still has them checked.
  const outsiderKinds = new Set(['recommendation', 'escalation', 'letter']);
  const sentTo = outbox
    .filter((row) => outsiderKinds.has(row.Kind))
    .flatMap((row) => row.To.split(','))
    .map((e) => e.trim())
    .filter((e) => e.includes('@'));
  v.push(...findReporterIdentityInOutsiderMail(snap.mail, k, sentTo));
  // 2 and 7 on every page and every member's mail: nothing of the reporter side reaches anyone not cleared.
  const latestDecision = new Map<string, string>();
  for (const c of clearances) latestDecision.set(`${c['Member ID']}|${c['Case ID']}`, c.Decision);
  const roster = tableOf(stores.status('Committee'));
  v.push(
    ...findNeedToKnowViolations(
      ws,
      snap,
      k,
      (memberId, caseId) => latestDecision.get(`${memberId}|${caseId}`) === 'no-conflict',
      new Map(members.map((m) => [(m.Email ?? '').toLowerCase(), m['Member ID']])),
      new Map(roster.map((m) => [(m.Email ?? '').toLowerCase(), m.Name ?? ''])),
      new Map(
        outbox.map((row) => [mailSignature({ to: row.To, subject: row.Subject, body: row.Body }), row['Case ID']]),
      ),
      cases.filter((c) => c['Code Name']).map((c) => [c['Case ID'], c['Code Name']]),
      new Map(outbox.map((row) => [mailSignature({ to: row.To, subject: row.Subject, body: row.Body }), row.Kind])),
      (memberId, caseId) => !latestDecision.has(`${memberId}|${caseId}`),
    ),
  );

  // 9. What is sent about a decision is the text that was voted.
  v.push(...findUnvotedDecisions(cases, stores.registry('Votes'), outbox, audit));

  // 8. Every share the system made was silent, or its fallback was recorded. (People sharing by hand in the
  //    Drive UI are not the system; what they do to case Docs is invariant 2's business.)
  const caseDocIds = new Set(caseDocs.map((d) => d.id));
  for (const share of snap.shares) {
    if (share.silent || share.via.startsWith('ui:') || !caseDocIds.has(share.docId)) continue;
    const c = caseByDoc.get(share.docId);
    const member = members.find((m) => (m.Email ?? '').toLowerCase() === share.email.toLowerCase());
    const recorded =
      (c &&
        member &&
        clearances.some(
          (x) => x['Case ID'] === c['Case ID'] && x['Member ID'] === member['Member ID'] && x.Share === 'fallback',
        )) ||
      (c && audit.some((a) => a['Case ID'] === c['Case ID'] && /fallback/i.test(`${a.Event} ${a.Detail}`)));
    if (!recorded) v.push(`8: a notifying share of ${share.docId} with ${share.email} has no recorded fallback`);
  }

  v.push(...findUnauthorizedChanges(cases, clearances, audit, stores.registry('Votes')));
  return v;
}

/** Text as a sent body carries it (control characters gone) with every run of whitespace removed, for containment. */
function squeeze(text: string): string {
  return stripControlCharacters(text).replace(/\s+/g, '');
}

/**
 * Invariant 9: every recommendation, escalation and letter queued carries the plan and consequences of a vote that
 * passed on them (the recommendation's and escalation's own vote, the letter's round's newest passed response vote),
 * and a case closed as "not a violation" or as "not in good faith" was decided: a passed vote on it, or a second
 * member's confirmation.
 */
export function findUnvotedDecisions(cases: Row[], votes: Row[], outbox: Row[], audit: Row[]): string[] {
  const v: string[] = [];
  const votedTexts = (vote: Row): { plan: string; consequences: string } => {
    try {
      const parsed = JSON.parse(vote.Texts || '{}') as { plan?: string; consequences?: string };
      return { plan: parsed.plan ?? '', consequences: parsed.consequences ?? '' };
    } catch {
      return { plan: '', consequences: '' };
    }
  };
  const passed = (caseId: string) =>
    votes.filter((x) => x['Case ID'] === caseId && x.Outcome === 'passed' && (x.Subject || 'response') === 'response');
  // Retention deletes the texts of a purged case's sent mail (Body among them): nothing is left to compare.
  const purged = new Set(cases.filter((c) => /"purged(Before)?"/.test(c.Flags ?? '')).map((c) => c['Case ID']));
  for (const row of outbox) {
    if (!['recommendation', 'escalation', 'letter'].includes(row.Kind)) continue;
    const caseId = row['Case ID'];
    if (!row.Body && purged.has(caseId)) continue;
    const discriminator = row.Key.split('|')[1] ?? '';
    let vote: Row | undefined;
    if (row.Kind !== 'letter') {
      // `recommendation:<vote id>`, `escalation:<when decided>:<vote id>` (ADV-545).
      const voteId = discriminator.split(':').pop() ?? '';
      vote = passed(caseId).find((x) => x['Vote ID'] === voteId);
    } else {
      const round = /^letter:r(\d+)/.exec(discriminator)?.[1] ?? '1';
      const ofRound = passed(caseId).filter((x) => (x.Round || '1') === round && x['Closed At'] <= row['Created At']);
      vote = ofRound[ofRound.length - 1];
    }
    if (!vote) {
      v.push(`9: the ${row.Kind} of case ${caseId} follows no passed vote`);
      continue;
    }
    const texts = votedTexts(vote);
    const body = squeeze(row.Body);
    for (const [part, text] of Object.entries(texts)) {
      if (text.trim() && !body.includes(squeeze(text)))
        v.push(`9: the ${row.Kind} of case ${caseId} does not carry the voted ${part} of vote ${vote['Vote ID']}`);
    }
  }
  for (const c of cases) {
    let flags: Record<string, unknown>;
    try {
      flags = JSON.parse(c.Flags || '{}') as Record<string, unknown>;
    } catch {
      continue;
    }
    for (const [flag, subject] of [
      ['noViolation', 'no-violation'],
      ['badFaith', 'bad-faith'],
    ] as const) {
      if (!flags[flag]) continue;
      const byVote = votes.some(
        (x) => x['Case ID'] === c['Case ID'] && x.Subject === subject && x.Outcome === 'passed',
      );
      const bySecond = audit.some(
        (a) =>
          a['Case ID'] === c['Case ID'] &&
          /confirmed by/.test(a.Detail ?? '') &&
          /case\.(closed|bad-faith)/.test(a.Event),
      );
      if (!byVote && !bySecond) v.push(`9: case ${c['Case ID']} was closed as ${subject} without a decision`);
    }
  }
  return v;
}

/** Audit events that change a case on a person's word; their detail ends `; by owner` or `; by member <id>`. */
const ATTRIBUTED_EVENTS = new Set(['case.closed-by-member', 'case.reopened-by-member', 'status.restored']);
/** The registry Cases row's stamps of who did what (`{ at, by }` in `Flags`). */
const STAMPS = [
  'override',
  'letter',
  'followUp',
  'escalation',
  'noViolation',
  'badFaith',
  'closedByMember',
  'recommendation',
];

/**
 * 10. No case state is changed by anyone but the owner or a member with a recorded "no conflict" for that case: every
 * change the registry attributes to a person (the Audit rows of changes made on someone's word, the Cases row's
 * stamps, the Votes row's opener) names the owner or a member whose latest decision for the case at that moment was
 * "no conflict"; a change made on the word of an editor nobody named is a violation.
 */
function findUnauthorizedChanges(cases: Row[], clearances: Row[], audit: Row[], votes: Row[]): string[] {
  const v: string[] = [];
  const clearedAt = (memberId: string, caseId: string, at: string): boolean => {
    let latest = '';
    // A row written back from an archived case's summary (its archive, or the archive's Clearances tab, lost: archive.ts)
    // dated when the case was archived stands for the decision the member then held: the rows before it are gone.
    let summary = '';
    for (const c of clearances)
      if (c['Case ID'] === caseId && c['Member ID'] === memberId)
        if (c.At <= at) latest = c.Decision;
        else if (!latest && !summary && c.Via === 'archive') summary = c.Decision;
    return (latest || summary) === 'no-conflict';
  };
  const judge = (caseId: string, what: string, by: string, at: string) => {
    if (by === 'owner') return;
    if (!by) v.push(`10: case ${caseId} was changed (${what}) by nobody named`);
    else if (!clearedAt(by, caseId, at))
      v.push(`10: case ${caseId} was changed (${what}) by ${by}, who had no recorded "no conflict" for it then`);
  };
  for (const row of audit) {
    if (!ATTRIBUTED_EVENTS.has(row.Event)) continue;
    const m = /; by (owner|member (\S+))$/.exec(row.Detail ?? '');
    judge(row['Case ID'], row.Event, m ? (m[2] ?? 'owner') : '', row.At);
  }
  for (const c of cases) {
    let flags: Record<string, unknown>;
    try {
      flags = JSON.parse(c.Flags || '{}') as Record<string, unknown>;
    } catch {
      continue;
    }
    for (const name of STAMPS) {
      const stamp = flags[name] as { at?: string; by?: string } | undefined;
      if (stamp && typeof stamp === 'object') judge(c['Case ID'], name, String(stamp.by ?? ''), String(stamp.at ?? ''));
    }
  }
  for (const vote of votes) judge(vote['Case ID'], 'vote opened', vote['Opened By'] ?? '', vote['Opened At'] ?? '');
  return v;
}

/** Asserts the invariants (jest). */
export function expectInvariants(ws: Workspace, k: Knowledge): void {
  expect(findViolations(ws, k)).toEqual([]);
}

/** The checker under the name the team agreed on. */
export const checkInvariants = expectInvariants;
