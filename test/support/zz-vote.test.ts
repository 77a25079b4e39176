import { Rehearsal } from './rehearsal';
import { ANA, CY, DEE, COMMITTEE_OPTIONS, REPORT_ONE, submit } from './flows';
it('v', () => {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  submit(r, REPORT_ONE);
  for (const m of [ANA, CY, DEE]) expect(r.respond(m.email, 1, 'no-conflict').ok).toBe(true);
  r.writeTexts(ANA.email, 1);
  const o = r.openVote(ANA.email, 1); console.log('open', o.ok, o.refusal, o.page?.text.slice(0, 300));
  for (const m of [ANA, CY, DEE]) { const v = r.vote(m.email, 1, 'approve'); console.log(m.email, v.ok, v.refusal, v.page?.text.slice(0, 400)); }
});
