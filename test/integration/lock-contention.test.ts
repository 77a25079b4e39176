// Executions contending for the script lock through the built bundle: a report, an owner's Committee edit and a member's confirmation arriving while a long sweep holds the lock.
import {
  ANA,
  BO,
  CY,
  HOUR,
  OWNER,
  casePage,
  clear,
  docEditors,
  newestLink,
  open,
  outcomeOf,
  pageText,
  registryRows,
  reportCase,
  startDesk,
  startResolutionDesk,
  submitReport,
  writeTexts,
  type Desk,
} from './desk';

const MINUTE = 60 * 1000;
/** What a long hourly sweep holds the lock for on a real account: its time budget (about 270 s). */
const LONG_SWEEP_MS = 270 * 1000;
const REPORTER = { name: 'Rita Quell', email: 'rita.quell@example.net' };

/**
 * Moves to the next hourly sweep and makes it a long one: the lock stays held for LONG_SWEEP_MS from its start (an
 * access-audit pass, many due cases). Returns when that sweep began.
 */
function longSweep(desk: Desk): number {
  const fired = desk.ws.advance(HOUR).filter((r) => r.record.fn === 'sweep_');
  expect(fired.length).toBeGreaterThan(0);
  const began = fired[fired.length - 1].record.startedAt;
  desk.ws.holdScriptLock(began + LONG_SWEEP_MS);
  desk.check();
  return began;
}

/** Moves the clock a minute at a time (hourly sweeps fire on the way) until `seen()` holds or `limitMs` passed. */
function waitFor(desk: Desk, seen: () => boolean, limitMs: number): void {
  for (let waited = 0; waited < limitMs && !seen(); waited += MINUTE) desk.ws.advance(MINUTE);
  desk.check();
}

describe('executions contending for the script lock', () => {
  it('ADV-108 an urgent report submitted while a long sweep holds the lock: the urgent alert and the acknowledgment go out within minutes, not at the next hourly sweep', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    const began = longSweep(desk);
    desk.ws.advance(MINUTE); // the report arrives a minute into the sweep
    const submittedAt = desk.ws.rt.now();
    desk.k.people.push({ reporter: REPORTER, reported: [{ name: 'Sam Doe' }] });
    const { responseId, results } = desk.ws.submitForm({
      'Your name': REPORTER.name,
      'Your email address': REPORTER.email,
      'Who was involved?': 'Sam Doe',
      'What happened?': 'Sam Doe said he would come to my house tonight.',
      'Is anyone in immediate danger?': 'Yes',
    });
    desk.k.unfinishedResponses.add(responseId);
    const urgent = () => desk.ws.mailTo(ANA.email).filter((m) => /^Urgent:/.test(m.subject));
    const ack = () => desk.ws.mailTo(REPORTER.email).filter((m) => /We received your report/.test(m.subject));
    waitFor(desk, () => urgent().length > 0 && ack().length > 0, 2 * HOUR);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(urgent()).toHaveLength(1);
    expect(ack()).toHaveLength(1);
    // The trigger waited for the sweep to end and made the case itself: one case, each message once (before: it failed
    // after 30 s, and the next hourly sweep's intake recovery sent both 59 minutes after the report).
    expect(results.map((r) => r.record.outcome)).toEqual(['ok']);
    expect(registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId)).toHaveLength(1);
    expect(urgent()[0].at - submittedAt).toBeLessThan(5 * MINUTE);
    expect(ack()[0].at - submittedAt).toBeLessThan(5 * MINUTE);
    expect(urgent()[0].at).toBeGreaterThanOrEqual(began + LONG_SWEEP_MS);
  });

  it('ADV-109 the owner makes a member inactive while a long sweep holds the lock: the member loses the case Doc within minutes, not at the next hourly sweep', () => {
    const desk = startDesk({ members: [ANA, BO, CY] });
    const kase = submitReport(desk, { reporter: REPORTER, reported: ['Sam Doe'] });
    clear(desk, kase, ANA, CY);
    expect(docEditors(desk, kase.docId)).toContain(CY.email);
    longSweep(desk);
    desk.ws.advance(MINUTE);
    const editedAt = desk.ws.rt.now();
    const results = desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 4, 4, false);
    desk.members[2].active = false;
    desk.check();
    // The edit trigger waited for the sweep to end and synced the roster itself (before: it failed after 30 s and Cy
    // kept the Doc until the next hourly sweep, 59 minutes later).
    expect(results.map((r) => `${r.record.fn} ${r.record.outcome}`)).toContain('onStatusEdit_ ok');
    expect(docEditors(desk, kase.docId)).not.toContain(CY.email);
    expect(desk.ws.rt.now() - editedAt).toBeLessThan(5 * MINUTE);
  });
});

/** How long the busy page tells the person to wait before trying again, in ms. */
function adviceOf(text: string): number {
  const said = /try again in (a|one|two|three|four|five|ten) minutes?/.exec(text)?.[1];
  if (!said) throw new Error(`the busy page gives no time to try again: ${text}`);
  return { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, ten: 10 }[said]! * MINUTE;
}

describe('a member confirming while a long sweep holds the lock', () => {
  it('ADV-110 a member confirms an irreversible action a minute into a long sweep and follows the busy page: the retry it advises works, once', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    writeTexts(desk, ANA, kase);
    const asked = desk.browser.press(casePage(desk, ANA, kase), 'close-no-violation', {});
    expect(outcomeOf(asked.visit)).toBe('confirm');
    const confirmUrl = newestLink(desk, ANA.email, 'confirm').url;
    const page = open(desk, confirmUrl);
    // A long sweep began a minute ago (it holds the lock for its whole budget).
    desk.ws.holdScriptLock(desk.ws.rt.now() + LONG_SWEEP_MS - MINUTE);
    const busy = desk.browser.press(page, 'close-no-violation', {});
    expect(outcomeOf(busy.visit)).toBe('busy');
    const text = pageText(busy.visit);
    expect(text).toContain('Nothing has been changed');
    expect(text).toContain('Your link is still valid');
    expect(registryRows(desk, 'Votes')).toEqual([]);
    // Ana does what the page says: goes back after the time it gives and presses again (before: "in a minute", and
    // one minute later the sweep still held the lock, so she got the busy page again).
    desk.ws.advance(adviceOf(text));
    const retried = desk.browser.press(open(desk, confirmUrl), 'close-no-violation', {});
    expect(outcomeOf(retried.visit)).toBe('done');
    expect(registryRows(desk, 'Votes').map((v) => v.Subject)).toEqual(['no-violation']);
    expect(desk.ws.mailTo(CY.email).filter((m) => /^Vote open:/.test(m.subject))).toHaveLength(1);
    // The confirmation is single-use: pressing again changes nothing.
    const replayed = desk.browser.press(open(desk, confirmUrl), 'close-no-violation', {});
    expect(outcomeOf(replayed.visit)).toBe('refused');
    expect(registryRows(desk, 'Votes')).toHaveLength(1);
    expect(desk.ws.mailTo(CY.email).filter((m) => /^Vote open:/.test(m.subject))).toHaveLength(1);
  });
});

describe('a member who double-clicks while their first press still runs', () => {
  it('ADV-230 the deciding ballot pressed twice, the second landing while the first still sends its mail: the busy page says the first may have gone through', () => {
    const desk = startResolutionDesk({ members: [ANA, CY] });
    const kase = reportCase(desk);
    clear(desk, kase, ANA, CY);
    writeTexts(desk, ANA, kase);
    desk.browser.press(casePage(desk, ANA, kase), 'open-vote', {});
    desk.browser.answerLink(newestLink(desk, ANA.email, 'vote', kase.caseId).url, 'vote', {
      fields: { choice: 'approve' },
    });
    const page = open(desk, newestLink(desk, CY.email, 'vote', kase.caseId).url);
    const first = desk.browser.press(page, 'vote', { fields: { choice: 'approve' } });
    expect(pageText(first.visit)).toMatch(/With your vote the vote passed/);
    // The emulator runs one execution at a time: the first press still delivering its mail is another holder of the
    // lock for longer than the 30 s the second waits (a page may send mail for 45 s).
    desk.ws.holdScriptLock(desk.ws.rt.now() + 40 * 1000);
    const second = desk.browser.press(page, 'vote', { fields: { choice: 'approve' } }); // the browser shows this one
    expect(outcomeOf(second.visit)).toBe('busy');
    // Before: only `Nothing has been changed. … Your link is still valid.`: the member read that their vote was lost.
    expect(pageText(second.visit)).toMatch(/If you pressed more than once, .* may have gone through/);
    expect(registryRows(desk, 'Votes').map((v) => v.Outcome)).toEqual(['passed']);
  });
});
