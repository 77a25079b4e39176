// Adversarial cases of the private registry restored to an older version (File > Version history, Undo, a backup copy): what the system did since must not be done again, through the built bundle, invariants after every step.
import { Browser } from '../../workbench';
import { ROLLED_BACK_LINE } from '../../src/workspace/schema';
import {
  ANA,
  BO,
  CY,
  DEE,
  EVE,
  HOUR,
  DAY,
  press,
  setSetting,
  startDesk,
  type MemberSpec,
  MODS,
  OWNER,
  advance,
  answerLink,
  newestLink,
  offers,
  open,
  pageText,
  answerConflict,
  caseAction,
  casePage,
  outcomeOf,
  caseWithOpenVote,
  vote,
  writeTexts,
  clear,
  docEditors,
  expectNoErrors,
  mailsTo,
  memberId,
  registryCase,
  registryRows,
  reportCase,
  startResolutionDesk,
  sweep,
  setActive,
  type Desk,
  type CaseInfo,
  recommendationRefused,
} from '../integration/desk';

/** The committee account restores `version` of the private registry (File > Version history > Restore this version). */
/** The runs failed with what to do, which Google mails the committee account (a failed trigger run's notice). */
function toldOwner(runs: ReturnType<Desk['ws']['advance']>): boolean {
  return runs.some((r) => /went back to an older version[^]*File > Version history/.test(String(r.record.error)));
}

/** The emulator's Script Properties, to put a mark as an execution that died before writing it would leave it. */
function scriptProperties(desk: Desk): Map<string, string> {
  return (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
}

/** A vote open with three eligible voters (Ana, Cy, Dee; Bo not cleared): two approvals pass it. */
function threeVoterVote(): { desk: Desk; kase: ReturnType<typeof reportCase> } {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, CY, DEE);
  writeTexts(desk, ANA, kase);
  caseAction(desk, ANA, kase, 'open-vote');
  return { desk, kase };
}

/**
 * Five voting members, and Ana's proposed change p1 open for its vote. `change(m)` opens m's page of it unchecked (the
 * checker's mail-to-outbox invariant waits for a restored registry to be whole again).
 */
function changeOpenForVote() {
  const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE, EVE] });
  const unchecked = { ...desk, browser: new Browser(desk.ws) };
  const change = (m: MemberSpec) => open(unchecked, newestLink(desk, m.email, 'change', 'p1').url);
  const fields = { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' };
  press(desk, open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose', { fields });
  advance(desk, 3 * DAY + HOUR);
  return { desk, unchecked, change };
}

/** The owner types Eve's row into the Committee tab (each edit fires onStatusEdit_), the runs' errors returned unchecked. */
function typeEve(desk: Desk): ReturnType<Desk['ws']['advance']> {
  const row = desk.members.length + 2;
  desk.members.push({ ...EVE });
  return [EVE.name, EVE.email, 'voting', true].flatMap((value, i) =>
    desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, i + 1, value),
  );
}

function restoreRegistry(desk: Desk, version: unknown): void {
  expectNoErrors(desk.ws.restoreVersion(OWNER, desk.ids.registry, version, 'Cases'));
}

/** Lena's report through the Form (its trigger runs at once). */
function reportThroughForm(desk: Desk): { reporter: string; responseId: string } {
  const reporter = 'lena.vorn@example.org';
  const { responseId } = desk.ws.submitForm({
    'Who was involved?': 'Max Holt',
    'What happened?': 'Max Holt shoved me and took my badge at booth 3.',
    'Your email address': reporter,
  });
  return { reporter, responseId };
}

/** A restore only a ballot mark tells: the registry put back to before Cy's ballot. Returns the version just before. */
function restoreBeforeBallot(desk: Desk, kase: CaseInfo): unknown {
  const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
  vote(desk, CY, kase, 'approve');
  const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
  restoreRegistry(desk, version);
  return latest;
}

/**
 * A restore only the sent-mail mark tells: the registry put back to before Ana's answer for another case, whose mail
 * went. Returns the version just before.
 */
function restoreBeforeSentMail(desk: Desk): unknown {
  const other = reportCase(desk, { reported: ['Lee Marsh'] });
  sweep(desk);
  const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
  clear(desk, other, ANA);
  const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
  restoreRegistry(desk, version);
  return latest;
}

describe('the private registry restored to an older version', () => {
  it('ADV-541 a version from before the sweep sent a recommendation MailApp had refused: it does not go to the moderator again, and the committee account is told what to do', () => {
    const { desk } = recommendationRefused();
    expect(mailsTo(desk, MODS[1], /./)).toHaveLength(0);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    sweep(desk);
    expect(mailsTo(desk, MODS[1], /./)).toHaveLength(1);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Before: the restored row read `pending`, and the next sweep sent the recommendation to the moderator again.
    const runs = desk.ws.advance(2 * HOUR);
    for (const moderator of MODS) expect(mailsTo(desk, moderator, /./)).toHaveLength(1);
    expect(toldOwner(runs)).toBe(true);
    // The version from just before put back, the system goes on by itself: nothing went twice.
    restoreRegistry(desk, latest);
    advance(desk, 2 * HOUR);
    for (const moderator of MODS) expect(mailsTo(desk, moderator, /./)).toHaveLength(1);
  });

  it('ADV-542 a version from before a member declared a conflict: the member does not get the case Doc back', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    answerConflict(desk, kase, CY);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
    restoreRegistry(desk, version);
    // Before: the restored clearance read `no conflict`, and the access audit gave the Doc back to the member.
    const runs = desk.ws.advance(2 * HOUR);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
    expect(toldOwner(runs)).toBe(true);
    // The version from just before put back, the conflict stands and the sweep runs again.
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
  });

  it('ADV-542 a version from before a member answered the conflict check with a conflict: her screening email’s `No conflict` gives her no case Doc', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    answerConflict(desk, kase, CY);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Before: the registry read her as silent, so the link shared the Doc with the member who had declared a conflict.
    // (The checker's mail-to-outbox invariant waits for the registry to be whole again: its rows went with the restore.)
    const unchecked = { ...desk, browser: new Browser(desk.ws) };
    const link = newestLink(desk, CY.email, 'no-conflict', kase.caseId);
    const shown = pageText(answerLink(unchecked, link, 'no-conflict'));
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
    // ADV-547: before, the page blamed Google Drive and promised an automatic retry and an email, neither of which comes.
    expect(shown).toContain('put back to an older version');
    expect(shown).not.toMatch(/did not respond|retried automatically/);
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
  });
  it('ADV-542 a version from before a member was renamed to the reported person (an automatic conflict: no conflict mark): the member does not get the case Doc back', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY);
    sweep(desk);
    expect(docEditors(desk, kase.docId)).toContain(CY.email);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    const row = desk.members.findIndex((m) => m.email === CY.email) + 2;
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Committee', row, 1, 'Sam Doe'));
    sweep(desk);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
    restoreRegistry(desk, version);
    // The roster, read before the access audit, finds the name edited again and marks the conflict again.
    desk.ws.advance(2 * HOUR);
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
  });
  it('ADV-548 a version from before a report was taken in (its Form response deleted): the committee account is told to put the registry back, and the case returns', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    const kase = reportCase(desk);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Before: nothing noticed the case gone, and the report was left only in a Doc nobody looked for.
    const runs = desk.ws.advance(2 * HOUR);
    expect(toldOwner(runs)).toBe(true);
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(registryCase(desk, kase)).toBeDefined();
  });
  it('ADV-594 a report sent while the registry is gone back in time: once the committee account puts the version from just before back, it is one case, acknowledged once', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    reportCase(desk);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    // Two reports within the hour: the first one's run must not take the registry for repaired (only the sweep's
    // `filedMark` tells this restore).
    const sent = ['lena.vorn@example.org', 'omar.pike@example.org'].map((reporter, i) => ({
      reporter,
      words: `took my badge at booth ${i + 1}`,
      responseId: desk.ws.submitForm({
        'Who was involved?': 'Max Holt',
        'What happened?': `Max Holt shoved me and took my badge at booth ${i + 1}.`,
        'Your email address': reporter,
      }).responseId,
    }));
    // Before: taken into the restored registry and its Form copy deleted; the version from just before (the notice's
    // advice) had no such case, and every run then failed on the lost report, for good.
    restoreRegistry(desk, latest);
    advance(desk, 2 * HOUR);
    for (const { reporter, words, responseId } of sent) {
      const rows = registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId);
      expect(rows).toHaveLength(1);
      expect(desk.ws.data.doc(rows[0]['Doc ID']).text).toContain(words);
      expect(mailsTo(desk, reporter, /./)).toHaveLength(1);
    }
  });
  it('ADV-601 a version from before a report was taken in, and another report within the hour, before any run noticed: the first report is not lost for good, the second waits and becomes one case after the repair', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    const first = reportCase(desk);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Within the hour, before the sweep: a second report through the Form.
    const { reporter, responseId } = reportThroughForm(desk);
    // Before: taken into the restored registry, its Form copy deleted and `filedMark` moved to it, so no run ever noticed
    // the first report gone: it was left in an orphan Doc, no case, for good.
    expect(registryRows(desk, 'Cases').some((c) => c['Response ID'] === responseId)).toBe(false);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    advance(desk, 2 * HOUR);
    expect(registryCase(desk, first)).toBeDefined();
    const rows = registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId);
    expect(rows).toHaveLength(1);
    expect(mailsTo(desk, reporter, /./)).toHaveLength(1);
  });
  it('ADV-602 a restore only a ballot mark tells, and a member declares a conflict within the hour, before any run noticed: once the committee account puts the version from just before back, the desk runs again', () => {
    const { desk, kase } = threeVoterVote();
    sweep(desk);
    const latest = restoreBeforeBallot(desk, kase);
    // Within the hour: Bo answers his conflict check (recorded in the restored registry; its confirmation sent).
    answerConflict(desk, kase, BO);
    expect(docEditors(desk, kase.docId)).not.toContain(BO.email);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    // Ana's access removed by hand: the hourly audit gives it back. Before: the conflict mark named Bo's conflict, which
    // only the restored version held, so the audit took the repaired registry for gone back in time and every run
    // after failed, telling the committee account to restore a version none holds, for good.
    desk.ws.runInProcess(() => DriveApp.getFileById(kase.docId).removeEditor(ANA.email));
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    expect(docEditors(desk, kase.docId)).toContain(ANA.email);
    expect(docEditors(desk, kase.docId)).not.toContain(BO.email);
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-603 a restore only a ballot mark tells, and a page sends mail within the hour, before any run noticed: once the committee account puts the version from just before back, the desk runs again', () => {
    const { desk, kase } = threeVoterVote();
    const other = reportCase(desk, { reported: ['Lee Marsh'] });
    sweep(desk);
    const latest = restoreBeforeBallot(desk, kase);
    // Within the hour: a page whose delivery checks the sent-mail mark alone, found sound, sends and moves it.
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    clear(desk, other, ANA);
    expect(desk.ws.rt.totals['MailApp.sendEmail'] ?? 0).toBeGreaterThan(sent);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    // Before: `sentMark` named mail only the restored version held, so every run after the repair failed, telling the
    // committee account to restore a version none holds, and every page refused, for good.
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    // (The checker's mail-to-outbox invariant cannot hold again: Ana's access email went out from the restored version.)
    const unchecked = { ...desk, browser: new Browser(desk.ws) };
    expect(pageText(vote(unchecked, DEE, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-604 a version from before a member left (it lists her as active): before the repair she gets no mail, no case Doc and no page', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY, DEE] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, BO, CY, DEE);
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    setActive(desk, DEE.email, false);
    sweep(desk);
    expect(docEditors(desk, kase.docId)).not.toContain(DEE.email);
    const mails = mailsTo(desk, DEE.email, /./).length;
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // (Unchecked from here: the checker's mail-to-outbox invariant waits for the registry to be whole again.)
    const { responseId } = desk.ws.submitForm({
      'Who was involved?': 'Lee Marsh',
      'What happened?': 'Lee Marsh shoved me at booth 3.',
    });
    desk.ws.advance(3 * HOUR);
    const other = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)!;
    // The Committee tab, not the registry, says who is active: the roster and every link read it.
    expect(docEditors(desk, kase.docId)).not.toContain(DEE.email);
    expect(docEditors(desk, other['Doc ID'])).not.toContain(DEE.email);
    expect(mailsTo(desk, DEE.email, /./)).toHaveLength(mails);
    expect(
      pageText(open({ ...desk, browser: new Browser(desk.ws) }, newestLink(desk, DEE.email, 'case', kase.caseId).url)),
    ).toContain('Link not valid');
    restoreRegistry(desk, latest);
  });
  it('ADV-605 a restore only a ballot mark tells: a member added on the Committee tab after the committee account was told sends nothing, and the repair is not taken for a restore', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const latest = restoreBeforeBallot(desk, kase);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    // The owner adds Eve before putting the version back: before, her welcome went (the edit's delivery checked the
    // sent-mail mark alone) and moved `sentMark` to a row only the restored version held, so after the repair every run
    // failed and every page refused, for good.
    typeEve(desk);
    expect(mailsTo(desk, EVE.email, /./)).toHaveLength(0);
    restoreRegistry(desk, latest);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    expect(mailsTo(desk, EVE.email, /Welcome/)).toHaveLength(1);
  });
  it('ADV-614 a restore that lost no report, and a report through the Form within the hour, before any run noticed: after the repair it is one case, acknowledged once, and the desk runs again', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const latest = restoreBeforeBallot(desk, kase);
    // Within the hour, before the sweep: the Form trigger finds every mark it checks whole and takes the report in.
    const { reporter, responseId } = reportThroughForm(desk);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    // Before: the Form copy was deleted when the restored version took it in, so the repair lost the report, and
    // `filedMark` named it for good: every run after failed, telling the committee account to restore a version none holds.
    // (Unchecked: the checker's mail-to-outbox invariant cannot hold again, the acknowledgment went from the restored version.)
    const runs = desk.ws.advance(3 * HOUR);
    expect(toldOwner(runs)).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    const rows = registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId);
    expect(rows).toHaveLength(1);
    expect(desk.ws.data.doc(rows[0]['Doc ID']).text).toContain('booth 3');
    expect(mailsTo(desk, reporter, /./)).toHaveLength(1);
  });
  it('ADV-630 as ADV-614, but the Form trigger is killed after it wrote the filed mark and before it sent the acknowledgment: after the repair the reporter is acknowledged once', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const latest = restoreBeforeBallot(desk, kase);
    const sends = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.faults = [{ call: 'MailApp.sendEmail', nth: sends + 1, kill: true }];
    const { reporter, responseId } = reportThroughForm(desk);
    desk.ws.rt.faults = [];
    expect(desk.ws.properties().filedMark).toBe(responseId);
    expect(mailsTo(desk, reporter, /./)).toHaveLength(0);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    // Before: the sweep that found the restore marked the filed report `~` (acknowledged) though its acknowledgment
    // still waited in the restored version's outbox, which the repair dropped: taken in again, it was never sent.
    expect(toldOwner(desk.ws.advance(3 * HOUR))).toBe(false);
    expect(registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId)).toHaveLength(1);
    expect(mailsTo(desk, reporter, /./)).toHaveLength(1);
  });
  it('ADV-615 a restore only the sent-mail mark tells, and a ballot that decides nothing within the hour, before any run noticed: once the committee account puts the version from just before back, the desk runs again', () => {
    const { desk, kase } = threeVoterVote();
    const latest = restoreBeforeSentMail(desk);
    // Within the hour: Cy's ballot (one of three) is recorded in the restored registry and moves the ballot mark.
    // (Unchecked: the checker's mail-to-outbox invariant waits for the registry to be whole again.)
    const unchecked = { ...desk, browser: new Browser(desk.ws) };
    expect(pageText(vote(unchecked, CY, kase, 'approve'))).toContain('You can change it');
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    expect(offers(open(unchecked, newestLink(desk, DEE.email, 'vote', kase.caseId).url), 'vote')).toBe(true);
  });
  it('ADV-629 a restore only the sent-mail mark tells, and a ballot on a proposed change that decides nothing within the hour, before any run noticed: once the committee account puts the version from just before back, the desk runs again', () => {
    const { desk, unchecked, change } = changeOpenForVote();
    const latest = restoreBeforeSentMail(desk);
    // Within the hour: Cy's approval (one of four) is recorded in the restored registry and moves the ballot mark to
    // `p1`. (Unchecked: the checker's mail-to-outbox invariant waits for the registry to be whole again.)
    expect(pageText(press(unchecked, change(CY), 'vote', { fields: { choice: 'approve' } }))).toContain(
      'Your vote is recorded',
    );
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    // Before: the mark counted Cy's ballot, which the version from just before lacks, so every run after the repair
    // failed, telling the committee account to restore a version none holds, and the proposal was never decided.
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    expect(offers(change(DEE), 'vote')).toBe(true);
  });
  it('ADV-631 a restore only a ballot mark tells, then a ballot on a proposed change within the hour, before any run noticed: the lost case ballot is still told, and the proposal ballot waits for the repair', () => {
    const { desk, unchecked, change } = changeOpenForVote();
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY, DEE);
    writeTexts(desk, ANA, kase);
    caseAction(desk, ANA, kase, 'open-vote');
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    expect(pageText(vote(desk, CY, kase, 'approve'))).toContain('You can change it');
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Within the hour, Dee opens the proposal to approve it (one of five, deciding nothing). Before, it was recorded and moved
    // the one ballot mark to `p1`, so no run ever read Cy's case ballot as lost: the restore went untold, and the case
    // vote could close without it.
    const page = change(DEE);
    expect(pageText(page)).toContain(ROLLED_BACK_LINE);
    expect(offers(page, 'vote')).toBe(false);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(desk.ws.properties().rolled).toBeUndefined();
    expect(pageText(press(unchecked, change(DEE), 'vote', { fields: { choice: 'approve' } }))).toContain(
      'Your vote is recorded',
    );
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-552 a version from before a ballot that did not decide the vote (it sent no mail): the vote is not offered again nor closed without it, and the committee account is told what to do', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    expect(pageText(vote(desk, CY, kase, 'approve'))).toContain('You can change it');
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    // Before: nothing noticed the ballot gone; the vote page read `0 of 2 eligible members have voted` and offered it
    // again, and the vote could close at its deadline without it.
    const runs = desk.ws.advance(2 * HOUR);
    expect(toldOwner(runs)).toBe(true);
    expect(desk.ws.rt.totals['MailApp.sendEmail'] ?? 0).toBe(sent);
    // The version from just before put back, the ballot stands and the vote goes on: Dee's approval passes it.
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-586 a restore only a ballot mark tells: an edit of the Committee tab meanwhile does not take the registry for repaired', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    vote(desk, CY, kase, 'approve');
    restoreRegistry(desk, version);
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    const rolled = () => desk.ws.properties().rolled;
    expect(rolled()).toBe('1');
    // Before: the roster run's delivery checked the sent-mail mark alone, found it sound and cleared the flag, so every
    // page took actions again that the version from just before would drop.
    // (The edit's run fails with the notice and sends nothing meanwhile: ADV-605.)
    expect(toldOwner(typeEve(desk))).toBe(true);
    expect(rolled()).toBe('1');
  });
  it('ADV-553 a version from before a changed ballot (approve, then reject): no ballot is taken on the restored approval, which would pass the vote the member turned against', () => {
    const { desk, kase } = threeVoterVote();
    // Three eligible: two approvals pass it.
    vote(desk, CY, kase, 'approve');
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    expect(pageText(vote(desk, CY, kase, 'reject'))).toContain('You can change it');
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Before: the mark named Cy's ballot, not how he voted, so the restored approval went unnoticed and Dee's passed the
    // vote: the recommendation two-thirds had not voted for.
    const page = vote(desk, DEE, kase, 'approve');
    expect(pageText(page)).toContain('Your vote was not recorded');
    expect(pageText(page)).toContain('put back to an older version');
    expect(registryRows(desk, 'Votes')[0].Outcome).toBe('open');
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('You can change it');
  });
  it('ADV-553 before the sweep runs: the vote page offers no vote on the restored ballots, and a case page action after the deadline does not close the vote on them', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    vote(desk, CY, kase, 'approve');
    restoreRegistry(desk, version);
    // Before: `0 of 2 eligible members have voted` and the form, so a ballot again hid the restore from the sweep.
    const page = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    expect(offers(page, 'vote')).toBe(false);
    expect(pageText(page)).toContain('put back to an older version');
    // Past its time, with no sweep since: before, Dee's next press on the case page closed the vote without Cy's ballot
    // and mailed its result. Nor, the closing refused, does the press open a second vote beside it.
    const sent = desk.ws.rt.totals['MailApp.sendEmail'] ?? 0;
    desk.ws.rt.setClock(desk.ws.rt.now() + 7 * 24 * HOUR + 5 * 60000);
    expect(pageText(caseAction(desk, DEE, kase, 'open-vote'))).toContain('put back to an older version');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['open']);
    expect(desk.ws.rt.totals['MailApp.sendEmail'] ?? 0).toBe(sent);
  });
  it('ADV-553 a closing confirmed from the mailbox after the restore does not cancel the vote over the lost ballot', () => {
    const { desk, kase } = caseWithOpenVote({ 'Closing decision': 'Second member' });
    expect(outcomeOf(caseAction(desk, DEE, kase, 'close-no-violation'))).toBe('done');
    const asked = desk.browser.press(casePage(desk, CY, kase), 'close-no-violation', { tick: true });
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    vote(desk, DEE, kase, 'approve');
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    // Before: the confirmation closed the case and cancelled the vote, which left the sweep nothing to notice.
    const confirmed = desk.browser.completeConfirmation(asked.visit, CY.email, 'close-no-violation', { tick: true });
    expect(pageText(confirmed!.visit)).toContain('put back to an older version');
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['open']);
    expect(registryCase(desk, kase)['Closed At']).toBe('');
    // Its link was not spent: with the registry put back, and a run having found it whole (ADV-586), the same
    // confirmation closes the case.
    restoreRegistry(desk, latest);
    sweep(desk);
    desk.browser.completeConfirmation(asked.visit, CY.email, 'close-no-violation', { tick: true });
    expect(registryCase(desk, kase)['Closed At']).not.toBe('');
  });
  it('ADV-553 a ballot mark written before it held a count (`<vote id>|<member id>`) raises no false alarm, and still tells a lost ballot', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    vote(desk, CY, kase, 'approve');
    const [voteId] = scriptProperties(desk).get('ballotMark')!.split('|');
    scriptProperties(desk).set('ballotMark', `${voteId}|${memberId(desk, CY.email)}`);
    expect(offers(open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url), 'vote')).toBe(true);
    expect(toldOwner(desk.ws.advance(HOUR))).toBe(false);
    restoreRegistry(desk, version);
    expect(offers(open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url), 'vote')).toBe(false);
  });
  it("ADV-553 an execution that died between a changed ballot's commit and its mark raises no false alarm: the vote goes on and decides", () => {
    const { desk, kase } = threeVoterVote();
    vote(desk, CY, kase, 'approve');
    const before = scriptProperties(desk).get('ballotMark')!;
    vote(desk, CY, kase, 'reject');
    // The mark of the first ballot left in place: the registry holds the change, the mark does not yet.
    scriptProperties(desk).set('ballotMark', before);
    // Before (a mark of the member's choice): `approve` marked, `reject` recorded read as a restore, and nothing more
    // was decided or sent until the owner acted on a restore that never happened.
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(false);
    expect(offers(open(desk, newestLink(desk, DEE.email, 'vote', kase.caseId).url), 'vote')).toBe(true);
    vote(desk, DEE, kase, 'approve');
    expect(pageText(vote(desk, ANA, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-552 the ballot mark raises no false alarm: a changed ballot, a vote that failed, the next vote opened', () => {
    const { desk, kase } = threeVoterVote();
    vote(desk, ANA, kase, 'approve');
    vote(desk, ANA, kase, 'reject');
    sweep(desk);
    expect(pageText(vote(desk, CY, kase, 'reject'))).toContain('With your vote the vote did not pass');
    sweep(desk);
    caseAction(desk, ANA, kase, 'open-vote');
    vote(desk, CY, kase, 'approve');
    sweep(desk);
    expect(pageText(vote(desk, DEE, kase, 'approve'))).toContain('With your vote the vote passed');
  });
  it('ADV-567 a version from before a changed ballot on a proposed change of the Code of Conduct: it neither passes on the restored approval nor goes to the board', () => {
    const desk = startDesk({ members: [ANA, BO, CY, DEE, EVE] });
    setSetting(desk, 'Board contact', 'board@example.org');
    const change = (m: MemberSpec) => open(desk, newestLink(desk, m.email, 'change', 'p1').url);
    const ballot = (m: MemberSpec, choice: string) => press(desk, change(m), 'vote', { fields: { choice } });
    const fields = { title: 'Zorblat clause', text: 'Add a section on zorblat conduct.', days: '3' };
    press(desk, open(desk, newestLink(desk, ANA.email, 'propose').url), 'propose', { fields });
    advance(desk, 3 * DAY + HOUR);
    // Four voting members: three approvals pass it.
    ballot(ANA, 'approve');
    ballot(CY, 'approve');
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    expect(pageText(ballot(CY, 'reject'))).toContain('Your vote is recorded: Reject');
    const stale = change(DEE);
    restoreRegistry(desk, version);
    // Before: Dee's approval passed it on the approval Cy had withdrawn, and the text went to the board contact.
    expect(offers(change(DEE), 'vote')).toBe(false);
    const page = press(desk, stale, 'vote', { fields: { choice: 'approve' } });
    expect(pageText(page)).toContain('put back to an older version');
    expect(registryRows(desk, 'Proposals')[0].State).toBe('vote');
    expect(toldOwner(desk.ws.advance(2 * HOUR))).toBe(true);
    expect(mailsTo(desk, 'board@example.org', /./)).toHaveLength(0);
    expect(registryRows(desk, 'Proposals')[0].State).toBe('vote');
  });
  it('ADV-568 the case page, after a restore from before a ballot, shows neither the older count nor a link to vote, which the vote page refuses', () => {
    const { desk, kase } = caseWithOpenVote();
    sweep(desk);
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    vote(desk, CY, kase, 'approve');
    const before = pageText(casePage(desk, DEE, kase));
    expect(before).toContain('1 of 2 eligible members have voted');
    expect(before).toContain('Cast or change my vote');
    restoreRegistry(desk, version);
    // Before: `Vote: open`, `0 of 2 eligible members have voted` and `Cast or change my vote`, leading to the refusal.
    const text = pageText(casePage(desk, DEE, kase));
    expect(text).toContain('put back to an older version');
    expect(text).not.toContain('eligible members have voted');
    expect(text).not.toContain('Cast or change my vote');
  });
  it('ADV-586 a restore only the sent-mail mark tells (no ballot lost): once a run has found it, no page records what the version from just before would silently undo', () => {
    const { desk, kase } = recommendationRefused();
    const version = desk.ws.data.ui.saveVersion(desk.ids.registry);
    sweep(desk);
    const latest = desk.ws.data.ui.saveVersion(desk.ids.registry);
    restoreRegistry(desk, version);
    expect(toldOwner(desk.ws.advance(HOUR))).toBe(true);
    // Before: `done`, an override in the restored registry, which the version from just before (the notice's advice)
    // then dropped without a word to anyone.
    const held = JSON.stringify(registryCase(desk, kase));
    const page = caseAction(desk, ANA, kase, 'record-override');
    expect(outcomeOf(page)).toBe('refused');
    expect(pageText(page)).toContain('put back to an older version');
    expect(JSON.stringify(registryCase(desk, kase))).toBe(held);
    // Repaired, the next run finds the registry whole and pages act again.
    restoreRegistry(desk, latest);
    advance(desk, HOUR);
    expect(outcomeOf(caseAction(desk, ANA, kase, 'record-override'))).toBe('done');
  });
});
