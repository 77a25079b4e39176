// Adversarial cases where Google refuses Conduct Desk a call for a permission the committee account did not grant (granular consent): each surface says that, never a sharing change, an outage or a member's fault.
import { expectInvariants } from '../integration/invariants';
import {
  ANA,
  docEditors,
  expectOk,
  HOUR,
  mailsTo,
  newestLink,
  open,
  OWNER,
  pageText,
  press,
  registryRows,
  reportCase,
  startResolutionDesk,
  type CaseInfo,
  type Desk,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const DRIVE_WORDS = /Required permissions: https:\/\/www\.googleapis\.com\/auth\/drive/;

/** An installation set up by an earlier version with Drive left unticked; Ana then presses "no conflict". */
function driveUnticked(): { desk: Desk; kase: CaseInfo; page: string } {
  const desk = startResolutionDesk();
  const kase = reportCase(desk);
  desk.ws.leaveUnticked(['drive']);
  const visit = press(desk, open(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId).url), 'no-conflict');
  expectInvariants(desk.ws, desk.k);
  return { desk, kase, page: pageText(visit) };
}

/** Hours pass; each hourly run ends failed with Google's words naming the permission (ADV-643). */
function passFailing(desk: Desk, hours: number): void {
  const sweeps = desk.ws.advance(hours * HOUR).filter((r) => r.record.fn === 'sweep_');
  expect(sweeps.length).toBeGreaterThan(0);
  for (const r of sweeps) expect(r.record.error).toMatch(DRIVE_WORDS);
  expectInvariants(desk.ws, desk.k);
}

describe('adversarial: missing permissions', () => {
  it('ADV-655 Drive left unticked, Ana declares no conflict: her page says Conduct Desk lacks the permission until the committee account runs setup, not that Drive did not respond; after setup she is shared and told', () => {
    const { desk, kase, page } = driveUnticked();
    expect(page).toMatch(
      /lacks a Google permission until the committee account runs setup again, so the document is not shared yet, and you will get an email/,
    );
    expect(page).not.toMatch(/did not respond/);
    // The owner runs setup as the page says: Google asks for Drive, the owner allows it, and the next run shares.
    expect(desk.ws.run('setup').record.error).toMatch(/Authorization is required/);
    expectOk(desk.ws.run('setup'));
    desk.ws.advance(HOUR);
    expectInvariants(desk.ws, desk.k);
    const docId = registryRows(desk, 'Cases').find((c) => c['Case ID'] === kase.caseId)!['Doc ID'];
    expect(docEditors(desk, docId)).toContain(ANA.email);
    expect(mailsTo(desk, ANA.email, new RegExp(`Access granted: ${kase.codeName}`))).toHaveLength(1);
  });

  it('ADV-656 Drive left unticked: the access audit judges nothing it could not read, so the owner gets no "sharing was changed" or "could not repair" alarm and the Audit tab no unreadable store or missing document; the runs end failed with Google\'s words', () => {
    const { desk } = driveUnticked();
    const before = desk.ws.mailTo(OWNER).length;
    passFailing(desk, 3);
    const subjects = desk.ws
      .mailTo(OWNER)
      .slice(before)
      .map((m) => m.subject);
    expect(subjects.filter((s) => /sharing of Conduct Desk|could not repair|access audit/i.test(s))).toEqual([]);
    const events = registryRows(desk, 'Audit').map((r) => r.Event);
    expect(events.filter((e) => /audit\.(store|missing-doc|folder)/.test(e))).toEqual([]);
    expect(
      registryRows(desk, 'Audit').some(
        (r) => r.Event === 'sweep.step-failed' && /^audit: .*auth\/drive/.test(r.Detail),
      ),
    ).toBe(true);
  });

  it('ADV-657 Drive left unticked for a day: the share retried each hour is never taken for Drive refusing Ana\'s address (no refusal noted, no "Drive refuses to share with a committee member" mail to her or the owner)', () => {
    const { desk } = driveUnticked();
    passFailing(desk, 9);
    const note = registryRows(desk, 'Clearances')[0].Note;
    expect(note).toMatch(DRIVE_WORDS);
    expect(note).not.toMatch(/refused/);
    expect(registryRows(desk, 'Audit').filter((r) => r.Event === 'member.share-refused')).toEqual([]);
    for (const who of [OWNER, ANA.email])
      expect(desk.ws.mailTo(who).filter((m) => /refuse/i.test(m.subject + m.body))).toEqual([]);
  });

  it('ADV-658 Sheets left unticked: a member opening a link reads that Conduct Desk lacks a Google permission until the committee account runs setup, not "try again in a few minutes"', () => {
    const desk = startResolutionDesk();
    const kase = reportCase(desk);
    desk.ws.leaveUnticked(['spreadsheets']);
    const text = pageText(open(desk, newestLink(desk, ANA.email, 'no-conflict', kase.caseId).url));
    expect(text).toMatch(/Conduct Desk lacks a Google permission until the committee account runs setup again\./);
    expect(text).not.toMatch(/few minutes/);
  });
});
