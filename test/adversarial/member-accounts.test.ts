// A committee member's Google account suspended (or deleted) by their Workspace admin: mail to them comes back, and the committee account must hear once which member and what to do.
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  OWNER,
  advance,
  casePage,
  clear,
  docEditors,
  mailsTo,
  pageText,
  registryRows,
  reportCase,
  setActive,
  startResolutionDesk,
  sweep,
  sweepHours,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

describe('ADV-576 a member whose mail bounces', () => {
  it.each(['suspended', 'deleted'] as const)(
    'ADV-576 the admin %s her account: the committee account is told once which member and what to do, and no bounce spends a notice a person\u2019s email needs',
    (why) => {
      const desk = startResolutionDesk({ members: [ANA, CY, DEE], settings: { 'Screening window (hours)': 72 } });
      desk.ws.closeMailbox(DEE.email, why);
      const kase = reportCase(desk);
      sweep(desk);
      reportCase(desk, { what: 'Sam Doe insulted me again in the forum.' });
      sweep(desk);
      sweep(desk);
      // Before: each bounce (the screening emails, the alerts) waited in the inbox with its own notice, `An email in the
      // committee inbox waits for you` "it is a delivery failure notice", naming no member: a few a day used the notices
      // a reporter's email needs, and nobody was told to correct the address or untick her.
      expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
      const told = mailsTo(desk, OWNER, /does not arrive/);
      expect(told).toHaveLength(1);
      expect(told[0].subject).toContain(DEE.name);
      expect(told[0].body).toContain(`${DEE.email} returns mail`);
      expect(told[0].body).toMatch(/\(account suspended or deleted, or address wrong\)/);
      expect(told[0].body).toMatch(/Committee tab/);
      expect(told[0].body).toMatch(/untick .Active./);
      for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /does not arrive/)).toEqual([]);
      // The vote waits for her answer until the screening window ends; once the owner does as told, it waits no more.
      clear(desk, kase, ANA, CY);
      const waiting = /1 voting member\(s\) have not answered screening yet/;
      expect(pageText(casePage(desk, ANA, kase))).toMatch(waiting);
      setActive(desk, DEE.email, false);
      expect(pageText(casePage(desk, ANA, kase))).not.toMatch(waiting);
    },
  );

  it('ADV-588 Gmail\u2019s "Delivery Status Notification (Delay)" for a member\u2019s screening email tells nobody her mail does not arrive; the failure that follows does', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
    reportCase(desk);
    const screening = mailsTo(desk, DEE.email, /.*/)[0];
    // Her server is slow: Gmail says it will retry for 46 more hours (Action: delayed, RFC 3464 §2.3.3).
    desk.ws.bounceMail(screening, DEE.email, true);
    sweep(desk);
    // Before: `Mail to Dee Ford does not arrive` ("account suspended or deleted, or address wrong") over mail still on
    // its way: an owner who does as told unticks, or re-types, a member whose account is fine.
    expect(mailsTo(desk, OWNER, /does not arrive/)).toEqual([]);
    // Nothing to do yet, so no notice of the waiting email either (it stays in the inbox).
    expect(mailsTo(desk, OWNER, /waits for you/)).toEqual([]);
    advance(desk, 2 * DAY);
    desk.ws.bounceMail(screening, DEE.email);
    sweep(desk);
    const told = mailsTo(desk, OWNER, /does not arrive/);
    expect(told).toHaveLength(1);
    expect(told[0].subject).toContain(DEE.name);
  });

  it('ADV-588 the bounce of Jimbo\u2019s mail names Jimbo, not Bo, whose address is the tail of his', () => {
    const JIMBO = { name: 'Jimbo Ray', email: 'jimbo@example.org', role: 'voting' as const };
    const desk = startResolutionDesk({ members: [ANA, BO, CY, JIMBO] });
    desk.ws.closeMailbox(JIMBO.email, 'suspended');
    reportCase(desk);
    sweep(desk);
    // Before: the member told of was the first on the Committee tab whose address the notice's text held anywhere:
    // `bo@example.org` is inside `jimbo@example.org`, so the owner read `Mail to Bo Chen does not arrive`.
    const told = mailsTo(desk, OWNER, /does not arrive/);
    expect(told.map((m) => m.subject)).toEqual([expect.stringContaining(JIMBO.name)]);
    expect(told[0].body).toContain(`${JIMBO.email} returns mail`);
    expect(told[0].body).not.toContain(BO.name);
  });
});

describe('a cleared member whose account the admin suspends', () => {
  it('ADV-613 her shares stay (Drive keeps a suspended account\u2019s permissions) and a new case still goes through intake: nothing retries a share every hour, nobody is told of a Drive refusal, the committee account is told once that her mail does not arrive', () => {
    const desk = startResolutionDesk({ members: [ANA, CY, DEE], profile: 'workspace' });
    const first = reportCase(desk);
    clear(desk, first, ANA, CY, DEE);
    desk.ws.closeMailbox(DEE.email, 'suspended');
    const second = reportCase(desk, { what: 'Sam Doe insulted me again in the forum.' });
    sweepHours(desk, 48);
    // Guard (passes before): the silent share needs no email, so Drive keeps it and a new one would be made.
    expect(docEditors(desk, first.docId)).toContain(DEE.email);
    expect(docEditors(desk, second.docId)).not.toContain(DEE.email);
    const audit = registryRows(desk, 'Audit').map((a) => String(a.Event));
    expect(audit.filter((e) => /share-failed|share\.failed|repair-failed/.test(e))).toEqual([]);
    expect(mailsTo(desk, OWNER, /Drive refuses/)).toEqual([]);
    expect(mailsTo(desk, OWNER, /does not arrive/)).toHaveLength(1);
    expect(desk.ws.data.shareNotifications().some((n) => n.to === DEE.email)).toBe(false);
    for (const member of [ANA, CY]) expect(mailsTo(desk, member.email, /NOT repaired|sharing problem/)).toEqual([]);
  });
});
