// Adversarial cases of a committee's years of operation: retention's warnings and purges across Settings changes, archived and reopened cases, and the transparency statistics over publications; invariants after every step.
import {
  addMember,
  advance,
  answerLink,
  closedUnderPurge,
  ANA,
  BO,
  casePage,
  caseWithOpenVote,
  clear,
  CY,
  DAY,
  DEE,
  docEditors,
  docSection,
  HOUR,
  jumpAndSweep,
  linksIn,
  linkUrlsIn,
  mailsTo,
  newestLink,
  MODS,
  offers,
  open,
  outcomeOf,
  OWNER,
  pageText,
  press,
  records,
  recommendCase,
  registryCase,
  registryRows,
  reportCase,
  setActive,
  setSetting,
  startDesk,
  type Desk,
  startResolutionDesk,
  submitAnswers,
  submitReport,
  sweep,
  sweepHours,
  typeStatus,
  SPACE,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const WARNING = /Reporter details of closed cases will be deleted/;

/** A case closed on 5 March under a purge after one month, and the sweeps up to 30 March: warned of for 5 April. */
function warnedOfPurge() {
  const { desk, kase } = closedUnderPurge();
  while (desk.ws.rt.now() < Date.parse('2026-03-30T00:00:00Z')) advance(desk, HOUR);
  return { desk, kase };
}

/** Daily sweeps for 25 days and then `lastDays` more after a closing: past `Purge reporter details after (months)` 1. */
function sweepPastPurge(desk: Desk, lastDays = 8): void {
  jumpAndSweep(desk, 25 * DAY);
  jumpAndSweep(desk, lastDays * DAY);
}

/** A case Ana was cleared for, closed by the committee account an hour ago. */
function closedClearedCase(desk: Desk): ReturnType<typeof reportCase> {
  const kase = reportCase(desk);
  clear(desk, kase, ANA);
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, HOUR);
  return kase;
}

/**
 * Drive fails every read and listing of the case's Doc for 15 days (an outage answers as a deletion does,
 * audit-recheck.ts), then works again for 21, with a sweep a day.
 */
function failDocReadsForTwoWeeks(desk: Desk, kase: ReturnType<typeof reportCase>): void {
  const { rt } = desk.ws;
  rt.faults = ['Drive.Files.get', 'Drive.Files.list'].map((call) => ({
    call,
    nth: (rt.totals[call] ?? 0) + 1,
    times: 100_000,
    message: `File not found: ${kase.docId}.`,
  }));
  for (let day = 0; day < 15; day++) jumpAndSweep(desk, DAY);
  rt.faults = [];
  for (let day = 0; day < 21; day++) jumpAndSweep(desk, DAY);
}

const MODERATOR_WORDS = 'He has started again in the forum; we hid the posts.';

/** The first moderator answers the recommendation's email, as Gmail writes a reply; the sweep then files it. */
function moderatorWritesAgain(desk: Desk): void {
  const [recommendation] = mailsTo(desk, MODS[0], /^Code of Conduct recommendation/);
  desk.ws.reply({ from: MODS[0], original: recommendation, text: MODERATOR_WORDS });
  sweep(desk);
}

describe('adversarial: years of operation', () => {
  it('ADV-398 the months raised after a purge warning: the later purge gets its own week of warning', () => {
    const { desk, kase } = warnedOfPurge();
    expect(mailsTo(desk, OWNER, WARNING)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, WARNING)[0].body).toContain(`${kase.codeName}: 2026-04-05`);
    // The committee needs the reporter's address a while longer, and does what the warning says: raises the setting.
    setSetting(desk, 'Purge reporter details after (months)', 3);
    const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
    while (held() && desk.ws.rt.now() < Date.parse('2026-06-15T00:00:00Z')) advance(desk, 6 * HOUR);
    // Kept past the date first given; when they do go, a warning a week or more before named the new date.
    expect(held()).toBe(false);
    const warnings = mailsTo(desk, OWNER, WARNING);
    expect(warnings).toHaveLength(2);
    expect(warnings[1].body).toContain(`${kase.codeName}: 2026-06-05`);
  });
  it('ADV-399 retention switched off after a purge warning and on again weeks later: no purge at once, a new warning first', () => {
    const { desk, kase } = warnedOfPurge();
    expect(mailsTo(desk, OWNER, WARNING)[0].body).toContain(`${kase.codeName}: 2026-04-05`);
    // The committee decides to keep reporter details for now (0 keeps them), then, a month on, to purge after a month.
    setSetting(desk, 'Purge reporter details after (months)', 0);
    desk.ws.rt.setClock(Date.parse('2026-05-01T09:50:00Z'));
    advance(desk, HOUR);
    setSetting(desk, 'Purge reporter details after (months)', 1);
    const held = () => registryCase(desk, kase)['Reporter Email'] !== '';
    while (desk.ws.rt.now() < Date.parse('2026-05-03T00:00:00Z')) advance(desk, HOUR);
    // As operations.md says of a lowered setting: listed in a warning and purged a week after it, not at once.
    expect(held()).toBe(true);
    const warnings = mailsTo(desk, OWNER, WARNING);
    expect(warnings).toHaveLength(2);
    const given = new RegExp(`${kase.codeName}: (\\d{4}-\\d{2}-\\d{2})`).exec(warnings[1].body)?.[1] ?? '';
    expect(given >= '2026-05-08').toBe(true);
    while (held() && desk.ws.rt.now() < Date.parse('2026-05-20T00:00:00Z')) advance(desk, 6 * HOUR);
    expect(held()).toBe(false);
    expect(new Date(desk.ws.rt.now()).toISOString().slice(0, 10) >= given).toBe(true);
  });
  it('ADV-400 the reporter answers their acknowledgment after the closed case was archived: the reply is filed in its Doc as before', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    expect(registryRows(desk, 'Archived Cases').map((r) => r['Case ID'])).toContain(kase.caseId);
    const ack = desk.ws.mailTo('rita.quell@example.net').filter((m) => m.body.includes('Ref.'))[0];
    desk.ws.reply({ from: 'rita.quell@example.net', original: ack, text: 'He has started again, in the forum chat.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('He has started again, in the forum chat.');
    expect(mailsTo(desk, CY.email, /A reply was filed/)).toHaveLength(1);
    // Need to know as for any reply: the member with a conflict hears nothing.
    expect(mailsTo(desk, ANA.email, /A reply was filed/)).toHaveLength(0);
    expect(mailsTo(desk, OWNER, /An email in the committee inbox waits for you/)).toHaveLength(0);
  });
  it('ADV-401 a member "corrects" the reporter address of a case purged under retention: refused, the registry keeps no address', () => {
    const desk = startResolutionDesk({ settings: { 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    typeStatus(desk, OWNER, kase, 'Closed');
    // Ana's case page, left open in a browser tab.
    const tab = casePage(desk, ANA, kase);
    sweepPastPurge(desk);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    // Weeks on the reporter writes from a new address; the page no longer offers to put one on file...
    expect(offers(casePage(desk, ANA, kase), 'reporter-address')).toBe(false);
    // ...and the form in the old tab is refused.
    const shown = press(desk, tab, 'reporter-address', { fields: { to: 'rita.new@example.net' } });
    expect(outcomeOf(shown)).not.toBe('done');
    expect(pageText(shown)).toContain('deleted under the retention policy');
    // Before: written into the purged row, where no purge would ever reach it again (the case counts as purged).
    jumpAndSweep(desk, 60 * DAY);
    expect(JSON.stringify(registryRows(desk, 'Cases'))).not.toContain('rita.new');
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
  });
  it('ADV-402 the reporter of a purged case writes back and the committee account files it under the case from its inbox page: not offered', () => {
    const desk = startResolutionDesk({ settings: { 'Purge reporter details after (months)': 1 } });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    typeStatus(desk, OWNER, kase, 'Closed');
    sweepPastPurge(desk);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.purged')).toHaveLength(1);
    const ack = desk.ws.mailTo('rita.quell@example.net').filter((m) => m.body.includes('Ref.'))[0];
    desk.ws.reply({ from: 'rita.quell@example.net', original: ack, text: 'Is there any news? Rita' });
    sweep(desk);
    const notice = mailsTo(desk, OWNER, /waits for you/)[0].body;
    const page = open(desk, linkUrlsIn(notice, desk.ws.webAppUrl)[0]);
    // Filed, its Inbox row would name the reporter beside the case for good (no purge reaches a purged case again),
    // in a Doc the purge moved out of the members' folder. Before, the page offered it.
    expect(offers(page, 'file-reply')).toBe(false);
    expect(docSection(desk, kase, 'Follow-up to the reporter')).not.toContain('Is there any news?');
    // Waiting, its sender leaves the Inbox tab the Settings' months after it came (ADV-62).
    jumpAndSweep(desk, 32 * DAY);
    expect(JSON.stringify(registryRows(desk, 'Inbox'))).not.toContain('rita.quell');
  });
  it('ADV-412 a moderator answers the recommendation after the closed case was archived: the reply is filed in its Doc, as the reporter\u2019s is', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    const kase = recommendCase(desk, CY);
    typeStatus(desk, OWNER, kase, 'Resolved');
    jumpAndSweep(desk, 91 * DAY);
    expect(registryRows(desk, 'Archived Cases').map((r) => r['Case ID'])).toContain(kase.caseId);
    moderatorWritesAgain(desk);
    // Before: it waited for the committee account, which could only make it a new case.
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).toContain(MODERATOR_WORDS);
    expect(mailsTo(desk, CY.email, /A reply was filed/)).toHaveLength(1);
    expect(mailsTo(desk, OWNER, /An email in the committee inbox waits for you/)).toHaveLength(0);
    // A moderator taken off the space since is not filed, archived case or not: their email waits for the account.
    setSetting(desk, `Space: ${SPACE}`, MODS[0]);
    const [other] = mailsTo(desk, MODS[1], /^Code of Conduct recommendation/);
    desk.ws.reply({ from: MODS[1], original: other, text: 'We accept, go ahead.' });
    sweep(desk);
    expect(docSection(desk, kase, 'Discussions with moderators and organizers')).not.toContain('We accept, go ahead.');
  });

  it('ADV-437 months of daily digests and purge warnings: the committee-wide mail records leave the registry for the archive', () => {
    const desk = startResolutionDesk({
      settings: { 'Purge reporter details after (months)': 1, 'Archive closed cases after (days)': 30 },
    });
    // A report every fortnight for four months; Bo and Dee never answer their screening (daily digests remind them),
    // and each case is closed three days on (a purge warning to the committee account a month later).
    for (let week = 0; week < 18; week++) {
      if (week % 2 === 0 && week < 16) {
        const kase = reportCase(desk, { reporter: { name: `Rae Num${week}`, email: `rae${week}@example.net` } });
        clear(desk, kase, ANA, CY);
        jumpAndSweep(desk, 3 * DAY);
        typeStatus(desk, OWNER, kase, 'Closed');
      } else jumpAndSweep(desk, 3 * DAY);
      for (let d = 0; d < 4; d++) jumpAndSweep(desk, DAY);
    }
    const committeeWide = (rows: Record<string, string>[]) =>
      rows.filter((r) => /^-\|(digest|purge-warning):/.test(r.Key));
    const archived = Object.values(
      JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>,
    ).flatMap((id) => records(desk.ws.data.sheet(id, 'Outbox')));
    const old = Date.parse(new Date(desk.ws.rt.now()).toISOString()) - 45 * DAY;
    // Before: every digest and purge warning since the first stayed in the Outbox every execution reads.
    expect(committeeWide(registryRows(desk, 'Outbox')).filter((r) => Date.parse(r['Created At']) < old)).toEqual([]);
    expect(committeeWide(archived).length).toBeGreaterThan(10);
    // Nothing went twice, and nothing was lost: each digest and warning sent is one row, in the registry or the archive.
    for (const to of [BO.email, OWNER]) {
      const kind = to === OWNER ? 'purge-warning' : 'digest';
      const rows = committeeWide([...registryRows(desk, 'Outbox'), ...archived]).filter((r) => r.Kind === kind);
      const mine = rows.filter((r) => r.To === to);
      expect(new Set(mine.map((r) => r.Key)).size).toBe(mine.length);
      const subjects = new Set(mine.map((r) => r.Subject));
      expect(desk.ws.mailTo(to).filter((m) => subjects.has(m.subject))).toHaveLength(mine.length);
    }
  });

  it('ADV-438 the reporter of a case archived last year answers: the reply is filed, and older years\u2019 archives are not read for it', () => {
    const { desk, kase: older } = caseWithOpenVote({ 'Purge reporter details after (months)': '0' });
    typeStatus(desk, OWNER, older, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    desk.ws.rt.setClock(Date.parse('2027-01-11T10:00:00Z'));
    const kase = reportCase(desk, { reporter: { name: 'Noor Vale', email: 'noor.vale@example.net' } });
    clear(desk, kase, CY, DEE);
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, 91 * DAY);
    const archives = JSON.parse(desk.ws.properties().archiveSpreadsheets ?? '{}') as Record<string, string>;
    expect(Object.keys(archives)).toEqual(['2026', '2027']);
    const outboxReads = (year: string, from: number) =>
      desk.ws.rt.executions.slice(from).reduce((n, e) => n + (e.cellsRead[`${archives[year]}/Outbox`] ?? 0), 0);
    const answer = (email: string, text: string) => {
      const ack = desk.ws.mailTo(email).filter((m) => m.body.includes('Ref.'))[0];
      desk.ws.reply({ from: email, original: ack, text });
      const from = desk.ws.rt.executions.length;
      sweep(desk);
      return from;
    };
    const from = answer('noor.vale@example.net', 'It happened again last night.');
    expect(docSection(desk, kase, 'Follow-up to the reporter')).toContain('It happened again last night.');
    // Before: every year's archive was read whole, message bodies and all, for one reply.
    expect(outboxReads('2026', from)).toBe(0);
    const rows = desk.ws.data.sheet(archives['2027'], 'Outbox').rows.length;
    expect(outboxReads('2027', from)).toBeLessThanOrEqual(4 * rows);
    // The older year is read when the reply is to its mail.
    answer('rita.quell@example.net', 'He has started again, in the forum chat.');
    expect(docSection(desk, older, 'Follow-up to the reporter')).toContain('He has started again, in the forum chat.');
  });

  it('ADV-439 blank reports sent through the Form (spaces only): they leave the Form, and the hourly sweep stops reading them', () => {
    const desk = startResolutionDesk();
    for (const what of ['   ', '\n\t ', '\u00a0']) submitAnswers(desk, { 'What happened?': what });
    const held = () => desk.ws.snapshot().forms.find((f) => f.id === desk.ids.form)?.responses ?? [];
    expect(held()).toHaveLength(3);
    advance(desk, 2 * HOUR);
    expect(registryRows(desk, 'Cases')).toHaveLength(0);
    // Before: each stayed in the Form for good, and every hourly sweep read each one's answers again.
    expect(held()).toHaveLength(0);
    const from = desk.ws.rt.executions.length;
    advance(desk, HOUR);
    const reads = desk.ws.rt.executions.slice(from).map((e) => e.calls['FormResponse.getItemResponses'] ?? 0);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(0);
    // A report with words still becomes a case as always.
    submitAnswers(desk, { 'What happened?': 'He mocked my accent in the voice chat.' });
    expect(registryRows(desk, 'Cases')).toHaveLength(1);
  });
});

describe('adversarial: years of operation, people who come and go', () => {
  it('ADV-478 a member cleared for a case leaves; retention purges it and trashes its Doc (Settings); they come back: the Doc stays unshared', () => {
    const desk = startResolutionDesk({
      settings: { 'Purge reporter details after (months)': 1, 'Delete case Docs when purging': 'Yes' },
    });
    const kase = reportCase(desk);
    clear(desk, kase, ANA);
    advance(desk, 2 * DAY);
    typeStatus(desk, OWNER, kase, 'Closed');
    setActive(desk, ANA.email, false);
    sweepPastPurge(desk, 7);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    const before = desk.ws.mailTo(ANA.email).length;
    setActive(desk, ANA.email, true);
    // Whatever she is asked about on coming back, she answers "no conflict" for everyone listed.
    const onboard = desk.ws
      .mailTo(ANA.email)
      .slice(before)
      .flatMap((m) => linksIn(desk, m))
      .filter((l) => l.claims.act === 'onboard');
    for (const link of onboard) {
      const page = open(desk, link.url);
      const fields = Object.fromEntries(
        [...page.response.body.matchAll(/name="(person-\d+)"/g)].map(([, field]) => [field, 'no-conflict']),
      );
      if (Object.keys(fields).length) press(desk, page, 'onboard', { fields });
    }
    sweep(desk);
    // Before: the page offered `Sam Doe`, and her answer shared the trashed Doc again (the purge had withdrawn every
    // share, ADV-210) and emailed her its link: she could open and copy it for the rest of its 30 days in the trash.
    expect(docEditors(desk, kase.docId)).toEqual([]);
    expect(() => desk.ws.data.ui.openDoc(ANA.email, kase.docId)).toThrow();
    expect(
      desk.ws
        .mailTo(ANA.email)
        .slice(before)
        .filter((m) => /^Access granted/.test(m.subject)),
    ).toEqual([]);
  });
  it('ADV-478 (likewise) a member whose share Drive refused is let in by the admin after retention trashed the closed case\u2019s Doc: it stays unshared until the case is opened again', () => {
    // Fay's domain is outside the committee's Workspace: her "no conflict" waits for the admin (ADV-446, ADV-452).
    const FAY = { name: 'Fay Moss', email: 'fay@example.net', role: 'voting' as const };
    const desk = startDesk({ members: [ANA, CY, DEE], profile: 'workspace', sharingOutside: 'off' });
    setSetting(desk, 'Purge reporter details after (months)', 1);
    setSetting(desk, 'Delete case Docs when purging', 'Yes');
    addMember(desk, FAY);
    const kase = submitReport(desk, { reported: ['Quorra Vell'] });
    sweepHours(desk, 7);
    answerLink(desk, newestLink(desk, FAY.email, 'no-conflict', kase.caseId), 'no-conflict');
    clear(desk, kase, ANA);
    typeStatus(desk, OWNER, kase, 'Closed');
    sweepPastPurge(desk, 7);
    expect(desk.ws.data.file(kase.docId).trashed).toBe(true);
    desk.ws.data.setSharingOutside(['example.net']);
    const before = desk.ws.mailTo(FAY.email).length;
    const granted = () =>
      desk.ws
        .mailTo(FAY.email)
        .slice(before)
        .filter((m) => /^Access granted/.test(m.subject));
    for (let day = 0; day < 3; day++) jumpAndSweep(desk, DAY);
    // Before: the daily retry shared the trashed Doc with her, who never had it, and emailed her its link.
    expect(docEditors(desk, kase.docId)).toEqual([]);
    expect(granted()).toEqual([]);
    // Opened again, the Doc comes out of the trash, and her share is done then.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    jumpAndSweep(desk, HOUR);
    expect(docEditors(desk, kase.docId).sort()).toEqual([ANA.email, FAY.email]);
    expect(granted()).toHaveLength(1);
  });
});

describe('adversarial: years of operation, the owner tidies Drive', () => {
  it('ADV-479 the folder of archived case documents is put in the trash and the trash emptied: told once, and the next purge makes a new folder', () => {
    const desk = startResolutionDesk({ settings: { 'Purge reporter details after (months)': 1 } });
    const older = reportCase(desk);
    clear(desk, older, ANA);
    typeStatus(desk, OWNER, older, 'Closed');
    sweepPastPurge(desk, 7);
    const folder = desk.ws.properties().docArchiveFolderId ?? '';
    expect(desk.ws.data.file(older.docId).parents).toEqual([folder]);
    const kase = reportCase(desk, { reported: ['Kim Roe'] });
    clear(desk, kase, ANA);
    typeStatus(desk, OWNER, kase, 'Closed');
    // The owner tidies My Drive: the folder goes to the trash with what it holds, and the trash is emptied.
    desk.ws.data.ui.setTrashed(OWNER, folder, true);
    for (const id of [folder, older.docId]) desk.ws.data.deleteForever(id);
    const before = desk.ws.mailTo(OWNER).length;
    for (let day = 0; day < 45; day++) jumpAndSweep(desk, DAY);
    const told = desk.ws
      .mailTo(OWNER)
      .slice(before)
      .map((m) => m.body)
      .filter((body) => body.includes('The folder of archived case documents'));
    // Before: every week's pass told the owner `a sharing problem could not be repaired; please check its sharing
    // settings now` of a folder Drive no longer holds, and each later purge left its Doc where it was, retried daily.
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('The folder of archived case documents: Drive says it is gone');
    expect(told[0]).toContain('the next purged cases\u2019 documents go to a new folder');
    const renewed = desk.ws.properties().docArchiveFolderId ?? '';
    expect(renewed).not.toBe(folder);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    expect(desk.ws.data.file(kase.docId).parents).toEqual([renewed]);
    expect(desk.ws.data.file(renewed).editors).toEqual([]);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'retention.doc-failed')).toEqual([]);
  });
});

describe('adversarial: years of operation, a closed case\u2019s Doc gone for good', () => {
  it('ADV-492 a closed case\u2019s Doc is deleted for good: its members are told once that it is gone, not every week; reopened, it is replaced', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    const before = desk.ws.mailTo(ANA.email).length;
    // Drive's changes feed lists it removed at the next sweep (a Doc it does not list is taken for gone after a week
    // of failed reads, each told as `could not be opened`, then told gone once likewise).
    desk.ws.data.deleteForever(kase.docId);
    for (let day = 0; day < 35; day++) jumpAndSweep(desk, DAY);
    const about = () =>
      desk.ws
        .mailTo(ANA.email)
        .slice(before)
        .map((m) => m.body)
        .filter((body) => body.includes(`Case ${kase.codeName}:`));
    // Before: every weekly pass (and the sweep after it) told her `the document could not be opened; please check it
    // in Drive (NOT repaired)`, for good: ten alerts in five weeks about a closed case nothing could change.
    expect(about()).toHaveLength(1);
    expect(about()[0]).toContain(
      `Case ${kase.codeName}: the document is gone from Drive; the case is closed, so nothing replaces it unless it is opened again (told once).`,
    );
    expect(about()[0]).not.toContain('NOT repaired');
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'audit.doc-gone')).toHaveLength(1);
    // Opened again: replaced within the hour, as before.
    typeStatus(desk, OWNER, kase, 'Ongoing');
    jumpAndSweep(desk, HOUR);
    const docId = registryCase(desk, kase)['Doc ID'];
    expect(docId).not.toBe(kase.docId);
    expect(docEditors(desk, docId)).toEqual([ANA.email]);
    expect(registryCase(desk, kase).Flags).not.toContain('docGoneTold');
  });
  it('ADV-492 (likewise) Drive fails every read of a closed case\u2019s Doc for two weeks: told once that it is gone, then that it is back', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    const before = desk.ws.mailTo(ANA.email).length;
    failDocReadsForTwoWeeks(desk, kase);
    const lines = desk.ws
      .mailTo(ANA.email)
      .slice(before)
      .flatMap((m) => m.body.split('\n'))
      .filter((line) => line.includes(`Case ${kase.codeName}:`));
    // The first pass and its recheck say to check it; a week of failures on, it is taken for gone, told once; the next
    // pass that reads it says it is back (before: `could not be opened (NOT repaired)` each week, then nothing).
    expect(lines.map((line) => line.replace(/^- Case [^:]+: /, ''))).toEqual([
      'the document could not be opened; please check it in Drive (NOT repaired).',
      'the document could not be opened; please check it in Drive (NOT repaired).',
      'the document is gone from Drive; the case is closed, so nothing replaces it unless it is opened again (told once).',
      'the document is in Drive again.',
    ]);
    expect(registryCase(desk, kase).Flags).not.toMatch(/docMissingSince|docGoneTold/);
  });
  it('ADV-502 the access audit\u2019s alert about a closed case\u2019s Doc it cannot read, then takes for gone, then finds again is titled by what it says', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    const before = desk.ws.mailTo(ANA.email).length;
    failDocReadsForTwoWeeks(desk, kase);
    const titles = (email: string, from = 0) =>
      desk.ws
        .mailTo(email)
        .slice(from)
        .filter((m) => m.body.includes(`Case ${kase.codeName}:`))
        .map((m) => m.subject.replace(/^.*?The access audit/, 'The access audit'));
    // Before: each was `The access audit found and repaired sharing problems`, also when nothing was repaired.
    const expected = [
      'The access audit found a problem it could not repair',
      'The access audit found a problem it could not repair',
      'The access audit found a case document gone from Drive',
      'The access audit found a case document back in Drive',
    ];
    expect(titles(ANA.email, before)).toEqual(expected);
    expect(titles(OWNER).slice(-4)).toEqual(expected);
  });
  it('ADV-504 a closed case\u2019s Doc deleted for good: its case page says the access audit looks for it weekly, not hourly', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    desk.ws.data.deleteForever(kase.docId);
    jumpAndSweep(desk, HOUR);
    expect(registryCase(desk, kase).Flags).toContain('docGoneTold');
    const text = pageText(casePage(desk, ANA, kase));
    // Before: `The access audit checks it hourly and replaces a document gone from Drive`: it reads a closed case's Doc
    // taken for gone at the weekly pass alone (ADV-492).
    expect(text).toContain('The case document cannot be opened now');
    expect(text).not.toContain('hourly');
    expect(text).toContain(
      'The case is closed and Drive no longer holds its document: the access audit looks for it once a week, and opening the case again makes a new one.',
    );
  });
  it('ADV-506 a closed case\u2019s Doc deleted for good: its case page offers no link to open it', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    desk.ws.data.deleteForever(kase.docId);
    jumpAndSweep(desk, HOUR);
    const text = pageText(casePage(desk, ANA, kase));
    expect(text).toContain('Drive no longer holds its document');
    // Before: `Open the case document`, a link to a Doc Drive no longer holds (ADV-493 did the same for a trashed one).
    expect(text).not.toContain('Open the case document');
  });
  it('ADV-507 the access audit\u2019s alert of a Doc gone from Drive alone gives no advice about sharing', () => {
    const desk = startResolutionDesk();
    const kase = closedClearedCase(desk);
    const before = desk.ws.mailTo(ANA.email).length;
    desk.ws.data.deleteForever(kase.docId);
    jumpAndSweep(desk, DAY);
    const gone = desk.ws
      .mailTo(ANA.email)
      .slice(before)
      .filter((m) => m.body.includes(`Case ${kase.codeName}: the document is gone from Drive`));
    expect(gone).toHaveLength(1);
    // Before: `Please remind members never to turn on link sharing…`, though nobody had changed any sharing.
    expect(gone[0].body).not.toContain('link sharing');
  });
  it('ADV-494 the reporter answers their acknowledgment after the closed case\u2019s Doc is gone from Drive: the reply waits for the committee account, which is told once', () => {
    const { desk, kase } = caseWithOpenVote();
    typeStatus(desk, OWNER, kase, 'Closed');
    jumpAndSweep(desk, HOUR);
    desk.ws.data.deleteForever(kase.docId);
    jumpAndSweep(desk, HOUR);
    const ack = desk.ws.mailTo('rita.quell@example.net').filter((m) => m.body.includes('Ref.'))[0];
    desk.ws.reply({ from: 'rita.quell@example.net', original: ack, text: 'He has started again, in the forum chat.' });
    sweepHours(desk, 24);
    // Before: every hourly sweep tried to file it in the Doc Drive no longer holds (`inbox.file-failed`), for good, and
    // nobody was told the reporter had written.
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'inbox.file-failed')).toEqual([]);
    const told = mailsTo(desk, OWNER, /An email in the committee inbox waits for you/);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(
      `was not filed under any case: case ${kase.codeName}'s document is gone from Drive (opened again, the case gets a new one). It stays in the committee account's inbox.`,
    );
    expect(registryRows(desk, 'Inbox').filter((r) => r.State === 'waiting')).toHaveLength(1);
  });
  it('ADV-495 a moderator answers the recommendation after the case was purged: the committee account reads why it was not filed, not that it came from another address', () => {
    const desk = startResolutionDesk({
      members: [ANA, CY, DEE],
      settings: { 'Purge reporter details after (months)': 1 },
    });
    const kase = recommendCase(desk, CY);
    typeStatus(desk, OWNER, kase, 'Resolved');
    sweepPastPurge(desk);
    expect(registryCase(desk, kase)['Reporter Email']).toBe('');
    moderatorWritesAgain(desk);
    const told = mailsTo(desk, OWNER, /An email in the committee inbox waits for you/);
    expect(told).toHaveLength(1);
    // Before: `it answers a message Conduct Desk sent, but from another address`: the moderator wrote from the very
    // address the recommendation went to; the purge had emptied the record of it.
    expect(told[0].body).toContain(
      'was not filed under any case: it answers a case whose reporter details were deleted under the retention policy.',
    );
  });
});
