import { Rehearsal } from './rehearsal';
import { ANA, REPORT_ONE, REPORT_TWO, COMMITTEE_OPTIONS, submit } from './flows';
it('rename', () => {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  r.throwOnViolation = false;
  submit(r, REPORT_ONE);
  r.renameCasesHeader(ANA.email, 'Code Name', 'Codename'); 
  const res = r.report(REPORT_TWO.answers, REPORT_TWO.people);
  console.log(res.results.map((x) => [x.record.outcome, x.record.error]), r.violations);
  console.log(r.registry('Cases').map((c) => c.Phase), r.registry('Audit').slice(-5));
  console.log(r.ws.logs().slice(-5));
});
it('rename back', () => {
  const r = Rehearsal.start(COMMITTEE_OPTIONS);
  r.throwOnViolation = false;
  submit(r, REPORT_ONE);
  r.renameCasesHeader(ANA.email, 'Code Name', 'Codename');
  r.report(REPORT_TWO.answers, REPORT_TWO.people);
  r.advance(2 * 3600000);
  r.renameCasesHeader(ANA.email, 'Codename', 'Code Name');
  r.advance(2 * 3600000);
  console.log('AFTER', r.violations, r.status().map((s) => s['Code Name']), r.ws.mail().filter((m) => /Cases tab|status row/i.test(m.body)).map((m) => m.subject));
});
