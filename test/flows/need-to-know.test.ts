// Need-to-know before "no conflict": the screening email, the screening page and the onboarding page name only the reported people — never the reporter who listed themself, nor the person the report was made for.
import { syncRoster } from '../../src/flows/roster';
import { pickLink } from '../../workbench';
import { flowBench, type FlowBench, type MemberSpec } from '../support/in-process';

const DEE: MemberSpec = { name: 'Dee Ford', email: 'dee@example.org', role: 'voting' };
const ANA = 'ana@example.org';
const REPORT = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Are you reporting on behalf of someone else?': 'Yes',
  'Who are you reporting on behalf of?': 'Jo Park',
  'Who was involved?': 'Sam Doe, Rita Alvarez, jo park',
  'What happened?': 'Sam kept mocking Jo in the chat after being asked to stop.',
};
const HIDDEN = /Rita|Alvarez|Jo Park|jo park/i;

function linkTo(bench: FlowBench, email: string, kind: 'no-conflict' | 'onboard'): string {
  const link = pickLink(bench.ws.mail(), email, kind, { urlPrefix: bench.ws.webAppUrl });
  if (!link) throw new Error(`${email} has no ${kind} link`);
  return link.url;
}

describe('need-to-know before "no conflict"', () => {
  test('the screening email and page name the reported person only', () => {
    const bench = flowBench();
    bench.report(REPORT);
    const [mail] = bench.ws.mailTo(ANA);
    expect(mail.body).toContain('Sam Doe');
    expect(mail.body + mail.subject + mail.htmlBody).not.toMatch(HIDDEN);
    const { page } = bench.get(linkTo(bench, ANA, 'no-conflict'));
    expect(page.text).toContain('Sam Doe');
    expect(page.text).not.toMatch(HIDDEN);
    expect(bench.registry('Cases')[0].Reported).not.toMatch(HIDDEN);
  });

  test('the onboarding page of a member who joins later lists the reported person only', () => {
    const bench = flowBench();
    bench.report(REPORT);
    bench.typeMember(DEE);
    bench.flow((ctx) => syncRoster(ctx), { actor: 'roster', mail: {} }, { kind: 'trigger', name: 'onStatusEdit_' });
    const { page } = bench.get(linkTo(bench, DEE.email, 'onboard'));
    expect(page.text).toContain('Sam Doe');
    expect(page.text).not.toMatch(HIDDEN);
  });
});
