// Throwaway: daily quota figures (not committed).
import { COMMITTEE_OPTIONS, reportJunk } from '../support/flows';
import { HOUR, Rehearsal } from '../support/rehearsal';
import type { MemberSpec } from '../support/rehearsal';

jest.setTimeout(30 * 60 * 1000);

const MEMBERS30: MemberSpec[] = Array.from({ length: 30 }, (_, i) => ({
  name: `Member ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x Quell`,
  email: `m${i}@example.org`,
  role: i % 5 === 0 ? 'adviser' : 'voting',
}));

function figures(r: Rehearsal, label: string): void {
  const q = r.ws.dailyQuotas.quotas;
  const last = (d: Array<{ used: number }>) => d.map((x) => x.used).join(' / ');
  console.log(
    `${label}: properties ${last(q.properties.days())}; docs ${last(q.docsCreated.days())}; gmail ${last(q.gmail.days())}; mail ${r.ws.mailQuotaDays().map((d) => d.used).join(' / ')}`,
  );
}

describe('measure', () => {
  it('busy day: 5 reports, every member screens, replies, 24 sweeps', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS30, profile: 'consumer', mailQuota: 1_000_000, check: false });
    r.advance(25 * HOUR); // a fresh quota day
    const t0 = r.ws.rt.now();
    for (let i = 0; i < 5; i++) {
      reportJunk(r, i);
      for (const m of MEMBERS30) r.respond(m.email, r.reports.length, 'no-conflict');
      const ack = r.mailTo(`junk${i}@example.net`)[0];
      if (ack) r.ws.reply({ from: `junk${i}@example.net`, original: ack, text: 'One more thing.' });
      r.advance(2 * HOUR);
    }
    r.advance(t0 + 24 * HOUR - 60_000 - r.ws.rt.now());
    figures(r, 'busy day (5 reports, 30 members screen each, 5 replies)');
  });
  it('flood day: 300 reports', () => {
    const r = Rehearsal.start({ ...COMMITTEE_OPTIONS, members: MEMBERS30, profile: 'consumer', check: false });
    r.advance(25 * HOUR);
    const t0 = r.ws.rt.now();
    for (let i = 0; i < 300; i++) reportJunk(r, i);
    r.advance(t0 + 24 * HOUR - 60_000 - r.ws.rt.now());
    figures(r, 'flood day (300 reports, consumer mail quota)');
    console.log('cases', r.registry('Cases').length, 'unfinished', r.registry('Cases').filter((c) => c.Phase === 'intake').length);
    console.log('owner mails', r.ws.mail().filter((m) => m.to.includes(r.ws.owner)).map((m) => m.subject).join(' | '));
    r.advance(2 * 24 * HOUR);
    figures(r, 'two days after');
    console.log('cases', r.registry('Cases').length, 'unfinished', r.registry('Cases').filter((c) => c.Phase === 'intake').length);
  });
});
