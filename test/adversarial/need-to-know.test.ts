// Adversarial catalogue, part 5 (ADV-46…ADV-53, ADV-55…): a conflicted member, a reported person on the committee and a hostile reporter trying to learn who reported — through the privacy lint, pages, disguised names and addresses, and the roster.
import {
  ANA,
  BO,
  COMMITTEE_OPTIONS,
  CY,
  DEE,
  MODS,
  REPORTED_ADDRESS,
  REPORT_ONE,
  REPORT_TWO,
  SPACE,
} from '../support/flows';
import { Rehearsal, type MemberSpec } from '../support/rehearsal';

jest.setTimeout(10 * 60 * 1000);

function start(members = COMMITTEE_OPTIONS.members): Rehearsal {
  return Rehearsal.start({ ...COMMITTEE_OPTIONS, members });
}

function lintAlerts(r: Rehearsal, email: string) {
  return r.mailTo(email).filter((m) => /status sheet may identify/i.test(m.body));
}

/** A report naming `member` as `named`: they get no email about it, and the registry records their conflict. */
function expectConflictedFromStart(member: MemberSpec, named: string): void {
  const r = start([ANA, BO, member]);
  r.report({ ...REPORT_ONE.answers, 'Who was involved?': named }, { ...REPORT_ONE.people, reported: [] });
  const about = r.mailTo(member.email).filter((m) => /report/i.test(m.subject));
  expect({ named, mail: about.length }).toEqual({ named, mail: 0 });
  const decisions = r
    .registry('Clearances')
    .filter((c) => c['Member ID'] === r.memberId(member.email))
    .map((c) => c.Decision);
  expect({ named, decisions }).toEqual({ named, decisions: ['conflict'] });
}

describe('adversarial: need-to-know', () => {
  it('ADV-46 the privacy lint answers no questions: a made-up row naming a suspected reporter tells nobody anything', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(BO.email, 1, 'conflict').ok).toBe(true);
    const row = r.ws.data.sheet(r.ids.status, 'Cases').rows.length + 1;
    r.k.humanTextCells = new Set(['quiet lake|Resolution']);
    r.ws.editCell(BO.email, r.ids.status, 'Cases', row, 4, 'Quiet Lake');
    r.ws.editCell(BO.email, r.ids.status, 'Cases', row, 7, 'Rita Quell');
    r.sweep();
    for (const m of [ANA, BO, CY]) expect(lintAlerts(r, m.email)).toEqual([]);
  });

  it('ADV-47 a case row naming its reporter is told to the committee account and the cleared members, never to a conflicted one', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.respond(BO.email, 1, 'conflict').ok).toBe(true);
    r.k.humanTextCells = new Set([`${r.kase(1).codeName.toLowerCase()}|Resolution`]);
    r.editCase(ANA.email, 1, 'Resolution', 'Quell asked for an update');
    r.sweep();
    expect(lintAlerts(r, ANA.email)).toHaveLength(1);
    expect(lintAlerts(r, r.ws.owner)).toHaveLength(1);
    expect(lintAlerts(r, BO.email)).toEqual([]);
    expect(lintAlerts(r, CY.email)).toEqual([]);
  });

  it('ADV-165 a case row naming its reporter by a handle that glues their name (@RitaQuell) is linted', () => {
    // Before: the lint's prefilter kept a name only when one of its words was a whole word of the cell, so the
    // matcher, which finds "RitaQuell", never ran: nobody was told.
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    r.k.humanTextCells = new Set([`${r.kase(1).codeName.toLowerCase()}|Resolution`]);
    r.editCase(ANA.email, 1, 'Resolution', 'Asked @RitaQuell for an update');
    r.sweep();
    expect(lintAlerts(r, ANA.email)).toHaveLength(1);
    expect(lintAlerts(r, r.ws.owner)).toHaveLength(1);
  });

  it('ADV-130 a member writes the reporter\u2019s name in a note on a case\u2019s cell (Insert note), where every editor reads it', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(ANA.email, 1, 'no-conflict').ok).toBe(true);
    expect(r.respond(BO.email, 1, 'conflict').ok).toBe(true);
    const row = r.ws.data.sheet(r.ids.status, 'Cases').rows.findIndex((x) => x[3] === r.kase(1).codeName) + 1;
    // A note fires no edit trigger; only the sweep's look can find it. Ana's words, not the system's (the checker's §5).
    r.k.humanTextCells = new Set([`${r.kase(1).codeName.toLowerCase()}|Resolution`]);
    const noted = r.ws.runInProcess(
      () =>
        SpreadsheetApp.openById(r.ids.status)
          .getSheetByName('Cases')!
          .getRange(row, 7)
          .setNote('Quell asked for an update'),
      { user: ANA.email },
    );
    expect(noted.error).toBeUndefined();
    r.sweep();
    expect(lintAlerts(r, ANA.email)).toHaveLength(1);
    expect(lintAlerts(r, ANA.email)[0].body).toContain('"Resolution" cell\u2019s note');
    expect(lintAlerts(r, r.ws.owner)).toHaveLength(1);
    expect(lintAlerts(r, BO.email)).toEqual([]);
  });

  it('ADV-309 a member who is the person a report was made for is conflicted on it automatically, as the reporter would be', () => {
    const jo = { name: 'Jo Park', email: 'jo.park@example.org', role: 'voting' as const };
    const r = start([ANA, BO, jo]);
    r.report(
      {
        ...REPORT_ONE.answers,
        'Are you reporting on behalf of someone else?': 'Yes',
        'Who are you reporting on behalf of?': 'Park, Jo',
      },
      { ...REPORT_ONE.people, affected: [{ name: 'Jo Park' }] },
    );
    // Before: Jo got `New report` like any member, and a "no conflict" would have given her the Doc naming who
    // reported on her behalf; nothing kept her out.
    expect(r.mailTo(jo.email).filter((m) => /report/i.test(m.subject))).toEqual([]);
    const decisions = r
      .registry('Clearances')
      .filter((c) => c['Member ID'] === r.memberId(jo.email))
      .map((c) => c.Decision);
    expect(decisions).toEqual(['conflict']);
    // Lee, the person a second report was made for, joins the committee later: never offered that case (ADV-53).
    r.report(
      {
        ...REPORT_ONE.answers,
        'Are you reporting on behalf of someone else?': 'Yes',
        'Who are you reporting on behalf of?': 'Lee Moss (lee.moss@example.org)',
      },
      { ...REPORT_ONE.people, affected: [{ name: 'Lee Moss', email: 'lee.moss@example.org' }] },
    );
    r.addMembers([{ name: 'Lee Moss', email: 'lee.moss@example.org', role: 'voting' }]);
    expect(r.mailTo('lee.moss@example.org').some((m) => /Sam Doe/.test(m.body))).toBe(false);
    expect(
      r
        .registry('Clearances')
        .filter((c) => c['Member ID'] === r.memberId('lee.moss@example.org'))
        .map((c) => c.Decision),
    ).toEqual(['conflict']);
  });

  it('ADV-48 a reporter who lists themself, and the person they report for, are not shown to members before "no conflict"', () => {
    const r = start();
    r.report(
      {
        ...REPORT_ONE.answers,
        'Are you reporting on behalf of someone else?': 'Yes',
        'Who are you reporting on behalf of?': 'Jo Park',
        'Who was involved?': 'Sam Doe, Rita Quell, Jo Park',
      },
      { ...REPORT_ONE.people, affected: [{ name: 'Jo Park' }] },
    );
    const [screening] = r.mailTo(CY.email).filter((m) => /^New report/.test(m.subject));
    expect(screening.body).toContain('Sam Doe');
    expect(screening.body).not.toMatch(/Rita|Quell|Jo Park/);
    const link = r.link(CY.email, 'no-conflict', 1);
    const page = r.ws.webGet(link?.url ?? '').body;
    expect(page).toContain('Sam Doe');
    expect(page).not.toMatch(/Rita|Quell|Jo Park/);
  });

  it('ADV-49 a reported person on the committee, named in another order, with styled letters or another spelling of their address, is conflicted from the start', () => {
    const sam = { name: 'Samuel Doe', email: 'sam.doe@gmail.com', role: 'voting' as const };
    for (const named of ['Doe Samuel', '𝐒𝐚𝐦𝐮𝐞𝐥 𝐃𝐨𝐞', 'Samuel J. Doe', 'samdoe+x@googlemail.com'])
      expectConflictedFromStart(sam, named);
  });

  it('ADV-174 a reported person on the committee, named with an umlaut spelt out or back, is conflicted from the start', () => {
    // Before: "M\u00fcller" folds to "muller" and "Mueller" stayed "mueller": the reported member got the screening email.
    const juergen = { name: 'J\u00fcrgen M\u00fcller', email: 'jm@example.org', role: 'voting' as const };
    for (const named of ['Juergen Mueller', 'J\u00fcrgen Mueller', 'Jurgen Muller'])
      expectConflictedFromStart(juergen, named);
    const soeren = { name: 'Soeren Lund', email: 'sl@example.org', role: 'voting' as const };
    expectConflictedFromStart(soeren, 'S\u00f8ren Lund');
  });

  it('ADV-270 a reported person on the committee, named by a handle that glues a short name ending in a vowel and e (@samdoe, @joepark), is conflicted from the start', () => {
    // Before: "samdoe" was drawn back to "samdo" as if "oe" spelt out "ö", while "Doe" (too short) stayed: no match, and
    // the member got the screening email naming them, one "No conflict" away from the report about them.
    expectConflictedFromStart({ name: 'Sam Doe', email: 'sd@example.org', role: 'voting' }, '@samdoe');
    expectConflictedFromStart({ name: 'Joe Park', email: 'jp@example.org', role: 'voting' }, '@joepark');
  });

  it('ADV-179 a comment on the status spreadsheet naming the reporter, or a reply giving their address, is told to the committee account alone, once', () => {
    // Before: the lint read cells and notes only; every editor (members with a conflict too) reads the comments.
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const owner = r.ws.owner;
    const subject = /comment on the status sheet/;
    const told = () => r.ws.mail().filter((m) => subject.test(m.subject));
    r.ws.data.ui.comment(BO.email, r.ids.status, 'Meeting moved to Thursday.');
    r.sweep();
    expect(told()).toHaveLength(0);
    r.ws.data.ui.comment(BO.email, r.ids.status, 'Is this the one RITA QUELL sent?');
    r.sweep();
    expect(told().map((m) => m.to)).toEqual([[owner]]);
    expect(told()[0].body).not.toMatch(/rita|quell/i);
    r.sweep();
    expect(told()).toHaveLength(1);
    // A reply to the harmless comment, with the reporter's address under another spelling.
    r.ws.data.ui.comment(ANA.email, r.ids.status, 'Write to Rita.Quell+x@example.net?', 'AAAA1');
    r.sweep();
    expect(told().map((m) => m.to)).toEqual([[owner], [owner]]);
    // Nothing a member sees changed: no highlight, no mail to the writer.
    expect(r.mailTo(BO.email).filter((m) => subject.test(m.subject))).toHaveLength(0);
  });

  it('ADV-161 a reported person on the committee, named with \u00df for ss or in capitals of their own script, is conflicted from the start', () => {
    // Before: the fold kept "\u00df" and took a Cyrillic or Greek letter's Latin look-alike in one case only ("\u041d" is
    // "h", "\u043d" stayed "\u043d"), so "Stra\u00dfe" was not "Strasse" and "\u0418\u0412\u0410\u041d\u041e\u0412" was not "\u0418\u0432\u0430\u043d\u043e\u0432": screening mail went to the reported member.
    const members = [
      { name: 'Jana Strauss', email: 'jana.s@example.org', role: 'voting' as const },
      {
        name: '\u0414\u043c\u0438\u0442\u0440\u0438\u0439 \u0418\u0432\u0430\u043d\u043e\u0432',
        email: 'd.ivanov@example.org',
        role: 'voting' as const,
      },
      {
        name: '\u039d\u03af\u03ba\u03bf\u03c2 \u03a0\u03b1\u03c0\u03ac\u03c2',
        email: 'nikos@example.org',
        role: 'voting' as const,
      },
    ];
    const named = [
      'Jana Strau\u00df',
      '\u0418\u0412\u0410\u041d\u041e\u0412 \u0414\u043c\u0438\u0442\u0440\u0438\u0439',
      '\u039d\u0399\u039a\u039f\u03a3 \u03a0\u0391\u03a0\u0391\u03a3',
    ];
    members.forEach((member, i) => {
      const r = start([ANA, BO, member]);
      r.report({ ...REPORT_ONE.answers, 'Who was involved?': named[i] }, { ...REPORT_ONE.people, reported: [] });
      const about = r.mailTo(member.email).filter((m) => /report/i.test(m.subject));
      expect({ named: named[i], mail: about.length }).toEqual({ named: named[i], mail: 0 });
      const decisions = r
        .registry('Clearances')
        .filter((c) => c['Member ID'] === r.memberId(member.email))
        .map((c) => c.Decision);
      expect({ named: named[i], decisions }).toEqual({ named: named[i], decisions: ['conflict'] });
    });
  });

  it('ADV-162 a reported person on the committee, named family name first with a comma ("Doe, Samuel"), is conflicted from the start', () => {
    // Before: the answer's comma split the name into two one-word names, "Doe" and "Samuel", and a one-word name
    // never excludes a member: the member got the screening email naming them.
    const sam = { name: 'Samuel Doe', email: 'sam.doe@example.org', role: 'voting' as const };
    for (const named of ['Doe, Samuel', 'DOE, Samuel (the organiser), Max Power'])
      expectConflictedFromStart(sam, named);
  });

  it('ADV-50 a member who declared a conflict and comes back under another spelling of the same mailbox is not a second member', () => {
    const r = start([ANA, BO, { name: 'Cy Okafor', email: 'cy.okafor@gmail.com', role: 'voting' }]);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond('cy.okafor@gmail.com', 1, 'conflict').ok).toBe(true);
    r.addMembers([{ name: 'Cy O.', email: 'cyokafor+again@googlemail.com', role: 'voting' }]);
    expect(r.registry('Members').filter((m) => /cyokafor|cy\.okafor/.test(m.Email))).toHaveLength(1);
    expect(r.mailTo('cyokafor+again@googlemail.com')).toEqual([]);
    expect(r.ws.data.doc(r.kase(1).docId).everHadAccess).not.toContain('cyokafor+again@googlemail.com');
  });

  it('ADV-51 the committee account typed into Committee is refused, and the owner is told why', () => {
    const r = start();
    r.addMembers([{ name: 'Desk', email: r.ws.owner, role: 'voting' }]);
    expect(r.registry('Members').map((m) => m.Email)).not.toContain(r.ws.owner);
    r.sweep();
    expect(r.mailTo(r.ws.owner).some((m) => /committee account itself/.test(m.body))).toBe(true);
  });

  it('ADV-52 replies to the acknowledgment go to the committee account, not to an alias that forwards to every member', () => {
    const r = start();
    r.setSetting('Committee address', 'all-members@example.org');
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const ack = r.mailTo('rita.quell@example.net')[0];
    expect(ack.replyTo).toBe(r.ws.owner);
  });

  it('ADV-53 a witness or reporter who later joins the committee is conflicted on that case and never offered it', () => {
    const r = start();
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    r.addMembers([{ name: 'Tarn, Wes', email: 'wes@example.org', role: 'voting' }]);
    // Sam Doe's case is the only past case and Wes is conflicted on it: the onboarding page offers nobody.
    const onboarding = r.link('wes@example.org', 'onboard');
    expect(onboarding === null || !/Sam Doe/.test(r.ws.webGet(onboarding.url).body)).toBe(true);
    expect(r.mailTo('wes@example.org').some((m) => /Sam Doe/.test(m.body))).toBe(false);
    expect(
      r
        .registry('Clearances')
        .filter((c) => c['Member ID'] === r.memberId('wes@example.org'))
        .map((c) => c.Decision),
    ).toEqual(['conflict']);
  });

  it('ADV-55 a witness the reporter also lists under "Who was involved?" is not a reported person to members before "no conflict"', () => {
    const r = start();
    // Spelled as the witness answer has it on one report, with an initial on the other (the identity model's "likely").
    r.report({ ...REPORT_ONE.answers, 'Who was involved?': 'Sam Doe, Wes Tarn' }, REPORT_ONE.people);
    r.report({ ...REPORT_ONE.answers, 'Who was involved?': 'Sam Doe; W. Tarn' }, REPORT_ONE.people);
    const second = r.mailTo(CY.email).filter((m) => /^New report/.test(m.subject))[1];
    expect(second.body).toContain('Sam Doe');
    expect(second.body).not.toMatch(/Tarn/);
    const [screening] = r.mailTo(CY.email).filter((m) => /^New report/.test(m.subject));
    expect(screening.body).toContain('Sam Doe');
    expect(screening.body).not.toMatch(/Wes|Tarn/);
    const page = r.ws.webGet(r.link(CY.email, 'no-conflict', 1)?.url ?? '').body;
    expect(page).toContain('Sam Doe');
    expect(page).not.toMatch(/Wes|Tarn/);
    // Nor on a new member's onboarding list, nor as a person whose earlier reports a case page counts.
    r.addMembers([{ name: 'Eli Moss', email: 'eli.moss@example.org', role: 'voting' }]);
    const onboarding = r.link('eli.moss@example.org', 'onboard');
    expect(onboarding).not.toBeNull();
    expect(r.ws.webGet(onboarding?.url ?? '').body).not.toMatch(/Wes|Tarn/);
    for (const row of r.registry('Cases')) expect(JSON.parse(row.Flags).persons).toHaveLength(1);
    // A witness answer that only mentions the reported person in a sentence leaves them reported.
    r.report({ ...REPORT_ONE.answers, 'Were there witnesses?': 'Wes Tarn saw Sam Doe do it' }, REPORT_ONE.people);
    expect(r.mailTo(CY.email).filter((m) => /^New report/.test(m.subject))[2].body).toContain('Sam Doe');
  });

  it('ADV-56 after the retention purge, no registry tab keeps the address of a reporter who replied by email', () => {
    const r = start();
    const reporter = 'rita.quell@example.net';
    r.setSetting('Purge reporter details after (months)', 1);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    const [ack] = r.mailTo(reporter);
    r.ws.reply({ from: reporter, original: ack, text: 'Wes Tarn saw it too.' });
    r.sweep();
    expect(r.registry('Inbox').map((m) => [m.State, m.From])).toEqual([['filed', reporter]]);
    r.editCase(r.ws.owner, 1, 'Status', 'Closed');
    // The week's warning, then the purge a week later.
    for (const days of [33, 8]) {
      r.ws.rt.setClock(r.ws.rt.now() + days * 86_400_000);
      r.sweep();
    }
    expect(r.registry('Cases')[0]['Reporter Email']).toBe('');
    for (const tab of ['Cases', 'Outbox', 'Inbox', 'Audit', 'Clearances'])
      expect({ tab, rows: JSON.stringify(r.registry(tab)) }).not.toEqual({
        tab,
        rows: expect.stringMatching(/rita|quell/i),
      });
  });

  it('ADV-131 a reporter mistypes their address: the stranger who owns it reads a receipt and a status update that never name the reporter', () => {
    const r = start();
    const stranger = 'rita.qeull@example.net';
    r.report({ ...REPORT_ONE.answers, 'Your email address': stranger }, REPORT_ONE.people);
    // The follow-up period passes with no follow-up written: the reporter is sent a status update.
    r.advance(8 * 86_400_000);
    const mail = r.mailTo(stranger);
    expect(mail.map((m) => m.subject)).toEqual(['We received your report', 'Your report: a status update']);
    // Nobody checked the address: before, each greeted "Hello Rita Quell," and so told a stranger who had reported.
    for (const m of mail) {
      expect(m.body.normalize('NFKC')).not.toMatch(/rita|quell/i);
      expect(m.body).toMatch(/^Hello,\n/);
    }
  });

  it('ADV-122 a reporter who gives the reported person’s address as their own: nothing goes to it but the letter, and the committee account is told', () => {
    const r = start();
    r.report(
      {
        ...REPORT_ONE.answers,
        'Your email address': REPORTED_ADDRESS,
        'Who was involved?': `Sam Doe (${REPORTED_ADDRESS})`,
      },
      { ...REPORT_ONE.people, reporter: { name: 'Rita Quell' } },
    );
    // Before: "We received your report", greeting Rita Quell by name, went to the reported person.
    expect(r.mailTo(REPORTED_ADDRESS).map((m) => m.subject)).toEqual([]);
    expect(r.registry('Cases')[0]['Reporter Email Problem']).toBe('involved');
    const told = r.mailTo(r.ws.owner).filter((m) => /not used/.test(m.subject));
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('Who was involved?')]);
    expect(told[0].body).not.toContain(REPORTED_ADDRESS);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    for (const m of MODS) expect(r.moderatorReply(m, 1, 'accept').ok).toBe(true);
    // The letter may go to the address (it is not the reporter's), and nothing else ever does.
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS).refusal).toBe('');
    r.advance(8 * 86_400_000);
    expect(r.mailTo(REPORTED_ADDRESS)).toHaveLength(1);
    // A member's address in both boxes still keeps that member out, as a reporter's address did.
    r.report(
      { ...REPORT_TWO.answers, 'Your email address': BO.email, 'Who was involved?': `Max Power, ${BO.email}` },
      REPORT_TWO.people,
    );
    expect(r.mailTo(BO.email).filter((m) => /^New report/.test(m.subject))).toHaveLength(1);
  });

  it('ADV-273 a later report about the same person gives, as the reporter\u2019s, the address an earlier report gave for that person: nothing goes to it', () => {
    const r = start();
    r.report({ ...REPORT_ONE.answers, 'Who was involved?': `Sam Doe (${REPORTED_ADDRESS})` }, REPORT_ONE.people);
    // The second reporter names Sam Doe only, and types Sam's address in their own box.
    r.report(
      {
        ...REPORT_ONE.answers,
        'Your name': 'Kit Marr',
        'Your email address': REPORTED_ADDRESS,
        'Who was involved?': 'Sam Doe',
      },
      { ...REPORT_ONE.people, reporter: { name: 'Kit Marr' } },
    );
    // Before: `We received your report` went to the reported person, and the status emails and follow-up would have.
    expect(r.mailTo(REPORTED_ADDRESS).map((m) => m.subject)).toEqual([]);
    expect(r.registry('Cases')[1]['Reporter Email Problem']).toBe('involved');
  });

  it('ADV-345 a reporter types the committee\u2019s Google Group as their own address: no receipt, status email or follow-up goes to the group', () => {
    const group = 'coc@example.org';
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Group addresses': group },
    });
    r.report({ ...REPORT_ONE.answers, 'Your email address': 'COC@example.org' }, REPORT_ONE.people);
    r.advance(8 * 86_400_000);
    // Before: `We received your report` and `Your report: a status update` went to every member of the group, members
    // kept out of the case included (they learned a report was made, and when; the follow-up would tell the outcome).
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([]);
    expect(r.registry('Cases')[0]['Reporter Email Problem']).toBe('committee');
    const told = r.mailTo(r.ws.owner).filter((m) => /not used/.test(m.subject));
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('Group addresses')]);
  });

  it('ADV-352 the committee\u2019s Google Group listed in Settings after a case already holds it as the reporter\u2019s address: no status email or follow-up goes to it from then on', () => {
    const group = 'coc@example.org';
    const r = start();
    r.report({ ...REPORT_ONE.answers, 'Your email address': group }, REPORT_ONE.people);
    // Not listed yet: the product cannot know the address is a group, so the receipt went to it (ADV-345).
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([expect.stringMatching(/received your report/i)]);
    r.setSetting('Group addresses', group);
    r.sweep();
    r.advance(8 * 86_400_000);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.advance(8 * 86_400_000);
    // Before: `Your report: a status update` went on to every member of the group, members kept out of the case too.
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([expect.stringMatching(/received your report/i)]);
    expect(r.registry('Cases')[0]).toMatchObject({ 'Reporter Email': '', 'Reporter Email Problem': 'committee' });
    const told = r.mailTo(r.ws.owner).filter((m) => /no longer used/.test(m.subject));
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('Group addresses')]);
  });

  it('ADV-346 the committee\u2019s Google Group typed as the escalation contact, a moderator, the Reply-To, the letter\u2019s address or the corrected reporter address is refused', () => {
    const group = 'coc@example.org';
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      spaces: [{ name: SPACE, moderators: [...MODS, group] }],
      settings: { 'Escalation contact': group, 'Reply-To address': group, 'Group addresses': group },
    });
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.mailTo(REPORT_ONE.answers['Your email address'] as string)[0].replyTo).toBe(r.ws.owner);
    r.sweep();
    const told = r.mailTo(r.ws.owner).map((m) => m.body);
    for (const row of ['Escalation contact', 'Reply-To address', `Space: ${SPACE}`])
      expect(told.some((b) => b.includes(`'${row}': ${group} is in 'Group addresses'`))).toBe(true);
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    // Before: the recommendation went to the group (every member, a conflicted one too) as a moderator.
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([]);
    expect(r.caseOp(ANA.email, 1, 'reporter-address', { to: group }).refusal).toMatch(/Group addresses/);
    for (const m of MODS) expect(r.moderatorReply(m, 1, 'accept').ok).toBe(true);
    expect(r.sendLetter(ANA.email, 1, group).refusal).toMatch(/Group addresses/);
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([]);
    expect(r.registry('Cases')[0]['Reporter Email']).toBe(REPORT_ONE.answers['Your email address']);
  });

  it('ADV-124 a report written in Japanese lists names with 「、」: the reporter listed among them is not named to members, and a member listed is conflicted', () => {
    const sato = { name: '佐藤花子', email: 'hanako@example.org', role: 'voting' as const };
    const r = start([ANA, BO, CY, sato]);
    r.report(
      {
        'Your name': '田中一郎',
        'Who was involved?': '山田太郎、佐藤花子、田中一郎',
        'What happened?': '山田太郎さんがチャットで繰り返し侮辱的な発言をしました。',
      },
      { reporter: { name: '田中一郎' }, reported: [{ name: '山田太郎' }, { name: '佐藤花子' }] },
    );
    const [screening] = r.mailTo(CY.email).filter((m) => /^New report/.test(m.subject));
    expect(screening.body).toContain('山田太郎');
    // Before: "We have a report that involves 山田太郎、佐藤花子、田中一郎" — the reporter's name, to every member.
    expect(screening.body).not.toContain('田中一郎');
    expect(r.mailTo(sato.email).filter((m) => /report/i.test(m.subject))).toEqual([]);
  });
  it('ADV-195 the letter typed to the address of the person the report was made for, or to one of the two addresses the reporter gave, is refused', () => {
    const r = start();
    const lee = 'lee.park@example.org';
    const work = 'rquell@work.example';
    r.report(
      {
        ...REPORT_ONE.answers,
        'Your email address': `rita.quell@example.net, ${work}`,
        'Are you reporting on behalf of someone else?': 'Yes',
        'Who are you reporting on behalf of?': `Lee Park (${lee})`,
        'What happened?': 'Sam Doe mocked the accent of Lee Park in the public channel.',
      },
      {
        ...REPORT_ONE.people,
        reporter: { name: 'Rita Quell', email: 'rita.quell@example.net' },
        affected: [{ name: 'Lee Park', email: lee }],
      },
    );
    expect(r.registry('Cases')[0]['Reporter Email Problem']).toBe('multiple');
    for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
    r.writeTexts(ANA.email, 1);
    expect(r.openVote(ANA.email, 1).ok).toBe(true);
    for (const m of [ANA, CY]) expect(r.vote(m.email, 1, 'approve').ok).toBe(true);
    expect(r.sendRecommendation(ANA.email, 1).ok).toBe(true);
    for (const m of MODS) expect(r.moderatorReply(m, 1, 'accept').ok).toBe(true);
    // A member copies the wrong address out of the report. Before: each was sent "A message from the committee …
    // a report about your behavior", to the person harmed, or to the reporter at work.
    for (const to of [work, lee, 'Lee.Park+x@example.org']) {
      r.k.reportedPersonEmails.delete(to.toLowerCase());
      const sent = r.caseOp(ANA.email, 1, 'send-letter', { to });
      expect({ to, ok: sent.ok }).toEqual({ to, ok: false });
    }
    r.advance(86_400_000);
    for (const to of [lee, 'lee.park+x@example.org', work]) expect(r.mailTo(to)).toEqual([]);
    // The reported person's own address still takes the letter.
    expect(r.sendLetter(ANA.email, 1, REPORTED_ADDRESS).ok).toBe(true);
  });
});

describe('a Google Group typed into Committee as a member', () => {
  const group = 'coc@example.org';

  it('ADV-386 the committee\u2019s Google Group (in Settings `Group addresses`) is never a member: no welcome, screening email, sheet or Doc', () => {
    const r = Rehearsal.start({
      ...COMMITTEE_OPTIONS,
      settings: { ...COMMITTEE_OPTIONS.settings, 'Group addresses': group },
    });
    // Bo, with a conflict on the report, reads the group's mail like every other member of it.
    r.ws.data.setGroup(group, [ANA.email, BO.email, CY.email, DEE.email]);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(BO.email, 1, 'conflict').ok).toBe(true);
    r.addMembers([{ name: 'Committee list', email: group, role: 'voting' }]);
    r.report(REPORT_TWO.answers, REPORT_TWO.people);
    r.sweep();
    // Before: the group was welcomed with the onboarding link (its page names every reported person) and got the second
    // report's screening email; its "no conflict" would share the Doc with Bo too.
    expect(r.mailTo(group).map((m) => m.subject)).toEqual([]);
    expect(r.registry('Members').map((m) => m.Email)).not.toContain(group);
    expect(r.ws.data.file(r.ids.status).editors).not.toContain(group);
    const told = r.mailTo(r.ws.owner).map((m) => m.body);
    expect(told.some((b) => b.includes(`${group} is in 'Group addresses'`))).toBe(true);
  });

  it('ADV-386 a member address listed in `Group addresses` later is offboarded: the group loses every Doc', () => {
    const r = start();
    // Unlisted, the product cannot know the address is a group (ADV-345); its readers are left out of the invariants.
    r.ws.data.setGroup(group, []);
    r.addMembers([{ name: 'Committee list', email: group, role: 'adviser' }]);
    r.report(REPORT_ONE.answers, REPORT_ONE.people);
    expect(r.respond(group, 1, 'no-conflict').ok).toBe(true);
    expect(r.docEditors(1)).toContain(group);
    r.setSetting('Group addresses', group);
    r.sweep();
    // Before: listed, the address kept the Doc and every mail a member gets.
    expect(r.docEditors(1)).not.toContain(group);
    expect(r.registry('Members').find((m) => m.Email === group)?.Active).toBe('FALSE');
    expect(r.ws.data.file(r.ids.status).editors).not.toContain(group);
  });
});
