// A committee member's Google account suspended (or deleted) by their Workspace admin: mail to them comes back, and the committee account must hear once which member and what to do.
import {
  ANA,
  CY,
  DEE,
  OWNER,
  casePage,
  clear,
  mailsTo,
  pageText,
  reportCase,
  setActive,
  startResolutionDesk,
  sweep,
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
});
