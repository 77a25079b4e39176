import { Rehearsal } from './rehearsal';
import { ANA, COMMITTEE_OPTIONS, REPORT_ONE, REPORT_TWO } from './flows';
it('del', () => {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  r.report(REPORT_ONE.answers, REPORT_ONE.people);
  r.report(REPORT_TWO.answers, REPORT_TWO.people);
  r.deleteCaseRow(ANA.email, 1);
  const res = r.respond(ANA.email, 1, 'no-conflict');
  r.advance(2 * 3600000);
  console.log(res.ok, r.registry('Audit').slice(-12).map((a) => `${a.Event} ${a.Detail}`), r.ws.mail().slice(-6).map((m) => m.subject));
});
