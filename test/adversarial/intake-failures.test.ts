// Adversarial cases of an intake that fails every time it is tried (an interrupted intake the sweep resumes, a response no trigger took in, a response gone from the Form): the owner hears once, the hourly sweep stops paying for it, and nothing is lost.
import {
  ANA,
  ESCALATION,
  HOUR,
  OWNER,
  REPORT,
  linksIn,
  mailsTo,
  passHours,
  registryRows,
  startResolutionDesk,
  type Desk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

/** Drive refuses every new file from now on (storage full), and a report says someone may be in immediate danger. */
function reportDangerWhileFull(desk: Desk, reported: { name: string; email?: string }): string {
  desk.ws.data.setStorageFull(desk.ws.owner, true);
  desk.k.people.push({ reporter: REPORT.reporter, reported: [reported] });
  const { responseId } = desk.ws.submitForm({
    'Your email address': REPORT.reporter?.email ?? '',
    'Who was involved?': reported.name,
    'What happened?': REPORT.what ?? '',
    'Is anyone in immediate danger?': 'Yes',
  });
  desk.k.unfinishedResponses.add(responseId);
  return responseId;
}

/**
 * Drive refuses every new file from now on, and a report comes: its intake dies after its registry row (crash
 * mid-way). The checker's invariant 6 waits for the response (it must be a case once it can be).
 */
function reportWhileDriveRefuses(desk: Desk) {
  const refusal = { call: 'Drive.Files.create', chance: 1, message: 'We\u2019re sorry, a server error occurred.' };
  desk.ws.rt.faults.push(refusal);
  desk.k.people.push({ reporter: REPORT.reporter, reported: [{ name: 'Sam Doe' }] });
  const { responseId } = desk.ws.submitForm({
    'Your email address': REPORT.reporter?.email ?? '',
    'Who was involved?': 'Sam Doe',
    'What happened?': REPORT.what ?? '',
  });
  desk.k.unfinishedResponses.add(responseId);
  return { refusal, responseId };
}

describe('ADV-429 an intake Drive refuses every time it is tried', () => {
  it('ADV-429 a report whose intake dies at its Doc, for days: the owner is told once, it is tried once a day after the first, and it becomes a case when Drive works again', () => {
    const desk = startResolutionDesk();
    const { refusal, responseId } = reportWhileDriveRefuses(desk);
    const tries = () => desk.ws.rt.totals['Drive.Files.create'] ?? 0;
    desk.check();
    expect(registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.Phase).toBe('intake');
    passHours(desk, 24);
    const firstDay = tries();
    expect(mailsTo(desk, OWNER, /A report could not be opened as a case/)).toHaveLength(1);
    const audits = () => registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.failed').length;
    const auditsFirstDay = audits();
    passHours(desk, 48);
    // Before: every hourly sweep tried it again for a year, a Doc creation and an Audit row each time (48 in two days).
    expect(tries() - firstDay).toBeLessThanOrEqual(2);
    expect(audits() - auditsFirstDay).toBeLessThanOrEqual(2);
    expect(mailsTo(desk, OWNER, /A report could not be opened as a case/)).toHaveLength(1);
    // Drive works again: within a day the report is a case, and its reporter is acknowledged.
    desk.ws.rt.faults.splice(desk.ws.rt.faults.indexOf(refusal), 1);
    passHours(desk, 24);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.Phase).not.toBe('intake');
    expect(desk.ws.mailTo(REPORT.reporter?.email ?? '').length).toBeGreaterThan(0);
  });
});

describe('ADV-431 an interrupted intake whose Form response is gone', () => {
  it('ADV-431 the owner is told once, the Audit tab gets one line, and the sweep stops trying it', () => {
    const desk = startResolutionDesk();
    // The intake dies after its registry row (Drive refuses the Doc), then the response leaves the Form (the owner
    // deleted it, as ADV-411's alert tells them to for a report nobody took in).
    const { refusal, responseId } = reportWhileDriveRefuses(desk);
    desk.ws.advance(60_000);
    expect(registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.Phase).toBe('intake');
    desk.ws.rt.faults.splice(desk.ws.rt.faults.indexOf(refusal), 1);
    desk.ws.data.ui.deleteFormResponse(desk.ws.owner, desk.ids.form, responseId);
    expect(desk.ws.data.forms()[0].responses.some((r) => r.id === responseId)).toBe(false);
    desk.check();
    passHours(desk, 72);
    const told = mailsTo(desk, OWNER, /A report could not be finished/);
    const audits = registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.response-missing');
    // Before: every hourly sweep wrote the Audit line again (72 in three days), and the alert went once a day (4).
    expect([told.length, audits.length]).toEqual([1, 1]);
    expect(registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.Phase).toBe('intake');
  });
});

describe('ADV-432 a failed intake the sweep could not try for a day', () => {
  it('ADV-432 a report that failed once, then waited out a day with the sweep down, is taken in by the first sweep once Google works again', () => {
    const desk = startResolutionDesk();
    const { refusal, responseId } = reportWhileDriveRefuses(desk);
    // One hourly sweep tries it and fails: the owner is told.
    passHours(desk, 1);
    expect(mailsTo(desk, OWNER, /A report could not be opened as a case/)).toHaveLength(1);
    const phase = () => registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.Phase;
    expect(phase()).toBe('intake');
    // The sweep's trigger is off for 30 hours (R6: disabled, or the day's trigger runtime spent); Drive recovers.
    const sweep = desk.ws.triggers().find((t) => t.handler === 'sweep_' && !t.disabled);
    if (!sweep) throw new Error('no sweep trigger');
    desk.ws.disableTrigger(sweep.uid);
    desk.ws.advance(30 * HOUR);
    desk.ws.rt.faults.splice(desk.ws.rt.faults.indexOf(refusal), 1);
    desk.ws.enableTrigger(sweep.uid);
    // Before: the report, a day old and told of, rested until the sweep of the hour of day it came (up to 23 hours
    // more): tried only twice, it was taken for one that fails every time (ADV-429).
    passHours(desk, 1);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(phase()).not.toBe('intake');
    expect(desk.ws.mailTo(REPORT.reporter?.email ?? '').length).toBeGreaterThan(0);
  });
});

describe('ADV-565 the committee account\u2019s Google storage is full', () => {
  it('ADV-565 a report is acknowledged within the hour, the owner is told once that Drive is full and not to record it by hand, and it becomes one case within the hour space is freed', () => {
    const desk = startResolutionDesk();
    // Drive refuses every new file the committee account would own ("The user's Drive storage quota has been
    // exceeded."); Gmail goes on sending (drive.ts).
    desk.ws.data.setStorageFull(desk.ws.owner, true);
    desk.k.people.push({ reporter: REPORT.reporter, reported: [{ name: 'Sam Doe' }] });
    const reporter = REPORT.reporter?.email ?? '';
    const at = desk.ws.rt.now();
    const { responseId } = desk.ws.submitForm({
      'Your email address': reporter,
      'Who was involved?': 'Sam Doe',
      'What happened?': REPORT.what ?? '',
    });
    desk.k.unfinishedResponses.add(responseId);
    passHours(desk, 72);
    const phase = () => registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId);
    expect(phase().map((c) => c.Phase)).toEqual(['intake']);
    // The receipt names no case and needs no file: it goes at once, not when space is freed days later (before: none).
    const acks = () => mailsTo(desk, reporter, /^We received your report$/);
    expect(acks()).toHaveLength(1);
    expect(acks()[0].at - at).toBeLessThanOrEqual(HOUR);
    // Told once, of the cause and what to free, and not to record it by hand (before: `A report could not be opened
    // as a case`, saying to record it by hand after a day: that fails too, and makes a second case once space returns).
    expect(mailsTo(desk, OWNER, /could not be opened/)).toHaveLength(0);
    const told = mailsTo(desk, OWNER, /Google Drive is full/);
    expect(told).toHaveLength(1);
    expect(told[0].body).toMatch(
      /Do not record them yourself: each would become a second case\. To free space: empty the trash/,
    );
    expect(told[0].body).not.toMatch(/by hand/);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.failed')).toHaveLength(1);
    // Space is freed: within the hour one case, one Doc, and no second receipt.
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 1);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(phase().map((c) => c.Phase)).toEqual(['screening']);
    expect(desk.ws.data.docs().filter((d) => d.title === phase()[0]['Code Name'])).toHaveLength(1);
    expect(acks()).toHaveLength(1);
  });

  it('ADV-570 a report of danger alerts the members within the hour, its code name only, while Drive refuses its Doc; its conflict check comes once space is freed', () => {
    const desk = startResolutionDesk();
    const at = desk.ws.rt.now();
    const responseId = reportDangerWhileFull(desk, { name: 'Sam Doe' });
    passHours(desk, 2);
    // Before: no member heard of the danger until space was freed, however long (the alert waited for the Doc).
    const alerts = () => mailsTo(desk, ANA.email, /^Urgent: new report .* may involve immediate danger$/);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0].at - at).toBeLessThanOrEqual(HOUR);
    // It says why no conflict check nor case page comes yet, and links none (the case page would read "not valid").
    expect(alerts()[0].body).toMatch(
      /Google refuses it a document for now, so its conflict-of-interest email comes later/,
    );
    expect(linksIn(desk, alerts()[0])).toEqual([]);
    expect(mailsTo(desk, ANA.email, /conflict of interest/)).toHaveLength(0);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 1);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(mailsTo(desk, ANA.email, /conflict of interest/)).toHaveLength(1);
    expect(alerts()).toHaveLength(1);
  });
  it('ADV-579 a report of danger that names every member, while Drive refuses its Doc: the committee account reads where the report is now (the Form\u2019s response, by the time it came), not its case document', () => {
    const desk = startResolutionDesk({ members: [ANA] });
    const responseId = reportDangerWhileFull(desk, { name: 'Ana Lima', email: ANA.email });
    passHours(desk, 2);
    const urgent = /^Urgent: report .* may involve immediate danger and no member could be told$/;
    const [alert] = mailsTo(desk, OWNER, urgent);
    const received = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.['Received At'] ?? '';
    // Before: `The report is in the private registry and its case document, which this account owns.`: no such
    // document exists until Google takes new files again, and the registry holds who, not what was reported.
    expect(alert.body).not.toMatch(/case document, which this account owns/);
    expect(alert.body).toContain(
      `Google refuses it a case document for now: it is in the Form\u2019s responses, received ${received.slice(0, 10)} ${received.slice(11, 16)} (Etc/UTC). Please read it now and decide who should act.`,
    );
    // The escalation contact learns nothing more than before (no time to match a response by).
    const [contact] = mailsTo(desk, ESCALATION, urgent);
    expect(contact.body).not.toContain(received.slice(11, 16));
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 1);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(mailsTo(desk, OWNER, urgent)).toHaveLength(1);
  });
  it('ADV-590 a report of danger while Drive refuses its Doc, members told to ask the committee account: the account itself is alerted at once, once, with where the report is', () => {
    const desk = startResolutionDesk();
    const at = desk.ws.rt.now();
    const responseId = reportDangerWhileFull(desk, { name: 'Sam Doe' });
    passHours(desk, 3);
    expect(mailsTo(desk, ANA.email, /^Urgent: new report/)[0].body).toMatch(/Tell whoever holds the committee account/);
    // Before: the account heard nothing of the danger (only the daily "could not be opened as a case", no word of it).
    const urgent = /^Urgent: report .* may involve immediate danger$/;
    const alerts = () => mailsTo(desk, OWNER, urgent);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0].at - at).toBeLessThanOrEqual(HOUR);
    const received = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)?.['Received At'] ?? '';
    expect(alerts()[0].body).toContain(
      `Google refuses it a case document for now: it is in the Form\u2019s responses, received ${received.slice(0, 10)} ${received.slice(11, 16)} (Etc/UTC). Please read it now and decide who should act.`,
    );
    expect(alerts()[0].body).not.toMatch(/No committee member could be alerted/);
    // Members can be told, so the escalation contact is not.
    expect(mailsTo(desk, ESCALATION, /^Urgent/)).toHaveLength(0);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 2);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(alerts()).toHaveLength(1);
    expect(mailsTo(desk, ANA.email, /conflict of interest/)).toHaveLength(1);
  });
  it('ADV-609 a report of danger while Drive refuses its Doc for a day: the Audit tab gains one row for its alerts, not one an hour', () => {
    const desk = startResolutionDesk();
    const responseId = reportDangerWhileFull(desk, { name: 'Sam Doe' });
    passHours(desk, 26);
    // Before: `intake.urgent-unrouted` at every hourly try (26 rows), though the alerts were queued once.
    const rows = registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.urgent-unrouted');
    expect(rows.map((a) => a.Detail)).toEqual(['4 member(s) alerted; 1 fallback recipient(s)']);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 2);
    desk.k.unfinishedResponses.delete(responseId);
    desk.check();
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'intake.urgent-unrouted')).toHaveLength(1);
  });
  it('ADV-591 storage full, freed, full again three days later: the committee account is told again that reports wait, not at the end of the first week', () => {
    const desk = startResolutionDesk();
    const submit = () =>
      desk.k.unfinishedResponses.add(
        desk.ws.submitForm({
          'Your email address': REPORT.reporter?.email ?? '',
          'Who was involved?': 'Sam Doe',
          'What happened?': REPORT.what ?? '',
        }).responseId,
      );
    desk.k.people.push({ reporter: REPORT.reporter, reported: [{ name: 'Sam Doe' }] });
    const told = () => mailsTo(desk, OWNER, /Google Drive is full/);
    desk.ws.data.setStorageFull(desk.ws.owner, true);
    submit();
    passHours(desk, 2);
    expect(told()).toHaveLength(1);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 70);
    desk.k.unfinishedResponses.clear();
    desk.ws.data.setStorageFull(desk.ws.owner, true);
    const at = desk.ws.rt.now();
    submit();
    passHours(desk, 2);
    // Before: nothing until the first notice's week was over, four days more, while every report waited.
    expect(told()).toHaveLength(2);
    expect(told()[1].at - at).toBeLessThanOrEqual(HOUR);
    desk.ws.data.setStorageFull(desk.ws.owner, false);
    passHours(desk, 2);
    desk.k.unfinishedResponses.clear();
    desk.check();
  });
});

describe('ADV-571 the committee account\u2019s Google storage nearly full', () => {
  it('ADV-571 from 90% of the limit the committee account is told once a week what to free, at two Drive reads a day; an unlimited plan (limit 0) is told nothing', () => {
    const desk = startResolutionDesk();
    const limit = 15 * 1024 ** 3;
    desk.ws.data.setStorageUse(desk.ws.owner, Math.ceil(limit * 0.93), limit);
    const reads = () => desk.ws.rt.totals['DriveApp.getStorageUsed'] ?? 0;
    const before = reads();
    passHours(desk, 48);
    // Before: nothing until Google refused a report's Doc (ADV-565), the account's files then read-only, its Form shut.
    const told = () => mailsTo(desk, OWNER, /Google Drive is 93% full/);
    expect(told()).toHaveLength(1);
    expect(told()[0].body).toMatch(/empty the trash, delete large files or mail/);
    expect(reads() - before).toBeLessThanOrEqual(2);
    passHours(desk, 24 * 6);
    expect(told()).toHaveLength(2);
    const unlimited = startResolutionDesk();
    unlimited.ws.data.setStorageUse(unlimited.ws.owner, limit, 0);
    passHours(unlimited, 48);
    expect(mailsTo(unlimited, OWNER, /Google Drive is/)).toHaveLength(0);
  });

  it('ADV-583 a warning on the eve of a new week since 1970 (Wednesday night, UTC) is not sent again the next day: a week is a week from the warning', () => {
    const desk = startResolutionDesk();
    const limit = 15 * 1024 ** 3;
    // Tuesday 23:30 UTC the account passes 90%: the daily check warns on Wednesday.
    passHours(desk, Math.ceil((Date.parse('2026-03-03T23:30:00Z') - desk.ws.rt.now()) / HOUR));
    desk.ws.data.setStorageUse(desk.ws.owner, Math.ceil(limit * 0.93), limit);
    const told = () => mailsTo(desk, OWNER, /Google Drive is 93% full/);
    passHours(desk, 24);
    expect(told()).toHaveLength(1);
    // Before: keyed by the weeks since 1970, which turn on Thursday 00:00 UTC: warned again on Thursday, a day later.
    passHours(desk, 24 * 6);
    expect(told()).toHaveLength(1);
    passHours(desk, 24);
    expect(told()).toHaveLength(2);
    expect(told()[1].at - told()[0].at).toBeGreaterThanOrEqual(7 * 24 * HOUR);
  });
});
