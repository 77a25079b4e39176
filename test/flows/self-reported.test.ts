// Members in a report, recognised by the identity model: a member who is the reported person, the reporter or a witness — however the name or address is written — is conflicted from the start and gets no screening email.
import { syncRoster } from '../../src/flows/roster';
import { recordNoConflict } from '../../src/flows/screening';
import { membersInvolvedInReport } from '../../src/flows/self-reported';
import { casesOf } from '../../src/records/cases';
import { pickLink } from '../../workbench';
import { parseReport } from '../../src/core/report';
import type { CommitteeMember } from '../../src/workspace/members';
import { flowBench, OWNER } from '../support/in-process';

const ANA = { name: 'Ana Lima', email: 'ana.lima@gmail.com', role: 'voting' as const };
const BO = { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' as const };
const CY = { name: 'Cy Okafor', email: 'cy@example.org', role: 'voting' as const };
const WHAT = 'Rude replies in the forum, twice, after being asked to stop.';

const member = (m: { name: string; email: string }, id: string) =>
  ({ ...m, id, role: 'voting', active: true }) as unknown as CommitteeMember;

describe('members involved in a report', () => {
  const members = [member(ANA, 'm1'), member(BO, 'm2'), member(CY, 'm3')];
  const involved = (answers: Record<string, string>) =>
    membersInvolvedInReport(members, parseReport({ 'What happened?': WHAT, ...answers })).map(({ member: m, role }) => [
      m.name,
      role,
    ]);

  test.each([
    ['the words in another order', { 'Who was involved?': 'LIMA Ana' }],
    ['a middle name added', { 'Who was involved?': 'Ana Maria Lima' }],
    ['an initial for the given name', { 'Who was involved?': 'A. Lima' }],
    ['styled letters', { 'Who was involved?': '𝐀𝐧𝐚 𝐋𝐢𝐦𝐚' }],
    ['look-alike letters from another script', { 'Who was involved?': 'Аna Lіma' }],
    ['an invisible character inside', { 'Who was involved?': 'An\u200ba Li\u00adma' }],
    ['a dotted Gmail variant of the address', { 'Who was involved?': 'analima@googlemail.com' }],
    ['a +tag on the address', { 'Who was involved?': 'ana.lima+coc@gmail.com' }],
    ['a handle that glues the name', { 'Who was involved?': '@analima' }],
  ])('a member named as the reported person by %s is found', (_how, answers) => {
    expect(involved(answers)).toEqual([['Ana Lima', 'reported person']]);
  });

  test('the reporter and witnesses are found too; a first name alone or another surname is not', () => {
    expect(involved({ 'Your name': 'Lima, Ana', 'Who was involved?': 'Sam Doe' })).toEqual([['Ana Lima', 'reporter']]);
    expect(involved({ 'Your email address': 'ANA.LIMA@gmail.com', 'Who was involved?': 'Sam Doe' })).toEqual([
      ['Ana Lima', 'reporter'],
    ]);
    expect(involved({ 'Who was involved?': 'Sam Doe', 'Were there witnesses?': 'Cy Okafor and Wes Tarn' })).toEqual([
      ['Cy Okafor', 'witness'],
    ]);
    expect(involved({ 'Who was involved?': 'Ana' })).toEqual([]);
    expect(involved({ 'Who was involved?': 'Ana Souza' })).toEqual([]);
  });

  test('at intake, a member who is the reporter is conflicted and gets no screening email naming anyone', () => {
    const bench = flowBench({ members: [ANA, BO, CY] });
    const { caseId } = bench.report({
      'Your name': '𝐀𝐧𝐚 𝐋𝐢𝐦𝐚',
      'Who was involved?': 'Sam Doe',
      'What happened?': WHAT,
    });
    const anaId = bench.registry('Members').find((m) => m.Email === ANA.email)!['Member ID'];
    expect(bench.registry('Clearances').filter((c) => c['Member ID'] === anaId)).toEqual([
      expect.objectContaining({ 'Case ID': caseId, Decision: 'conflict', Note: expect.stringMatching(/reporter/) }),
    ]);
    expect(bench.ws.mailTo(ANA.email)).toEqual([]);
    expect(bench.ws.mailTo(CY.email).map((m) => m.subject)).toEqual([expect.stringMatching(/conflict of interest/i)]);
  });
});

describe('who a member is, checked at every change', () => {
  const sync = (bench: ReturnType<typeof flowBench>) =>
    bench.flow((ctx) => syncRoster(ctx), { actor: 'roster', mail: {} }, { kind: 'trigger', name: 'onStatusEdit_' });

  test('a reported person who joins the committee later is conflicted on their case and never offered it', () => {
    const bench = flowBench({ members: [ANA, CY] });
    const { caseId } = bench.report({ 'Who was involved?': 'Sam Doe', 'What happened?': WHAT });
    bench.report({ 'Who was involved?': 'Kim Vale', 'What happened?': WHAT });
    sync(bench);
    bench.typeMember({ name: 'Doe, Samuel', email: 'sam@example.org', role: 'voting' });
    sync(bench);

    const samId = bench.registry('Members').find((m) => m.Email === 'sam@example.org')!['Member ID'];
    expect(bench.registry('Clearances').filter((c) => c['Member ID'] === samId)).toEqual([
      expect.objectContaining({ 'Case ID': caseId, Decision: 'conflict', Via: 'roster' }),
    ]);
    const link = pickLink(bench.ws.mail(), 'sam@example.org', 'onboard', { urlPrefix: bench.ws.webAppUrl });
    const { page } = bench.get(link!.url);
    expect(page.text).toContain('Kim Vale');
    expect(page.text).not.toMatch(/Sam Doe/);
    expect(bench.status('Conflicts')).toEqual([]);
    expect(
      bench.ws
        .mailTo('sam@example.org')
        .map((m) => m.subject)
        .join(' '),
    ).not.toMatch(/named/i);
    const told = bench.ws.mailTo(OWNER).filter((m) => /A member is named in a report/.test(m.body));
    expect(told).toHaveLength(1);
  });

  test("a cleared member whose address is edited to a witness's mailbox loses the Doc", () => {
    const bench = flowBench({ members: [ANA, CY] });
    const { caseId } = bench.report({
      'Who was involved?': 'Sam Doe',
      'Were there witnesses?': 'wes.tarn@gmail.com',
      'What happened?': WHAT,
    });
    sync(bench);
    bench.flow((ctx) =>
      recordNoConflict(ctx, casesOf(ctx).find(caseId)!, ctx.committee.byEmail(CY.email)!, 'screening'),
    );
    const docId = bench.registry('Cases')[0]['Doc ID'];
    expect(bench.ws.data.file(docId).editors).toContain(CY.email);
    // The owner corrects Cy's row: same person, now under the witness's Gmail address (another spelling of it).
    bench.ws.data.ui.editCell(OWNER, bench.ids.status, 'Committee', 3, 2, 'Wes.Tarn+coc@googlemail.com');
    sync(bench);
    expect(bench.ws.data.file(docId).editors).not.toContain('wes.tarn+coc@googlemail.com');
    const id = bench.registry('Members').find((m) => /wes\.tarn/.test(m.Email))?.['Member ID'];
    expect(bench.registry('Clearances').filter((c) => c['Member ID'] === id)).toEqual([
      expect.objectContaining({ 'Case ID': caseId, Decision: 'conflict', Note: expect.stringMatching(/witness/) }),
    ]);
  });
});
