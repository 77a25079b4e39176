// Intake in-process: a report becomes one case (registry row, Doc titled by its code name, status row, mail queued); a repeated delivery changes nothing.
import { onReportSubmit_ as onReportSubmitHandler } from '../../src/entrypoints/on-report-submit';
import { runIntake, type IntakeOutcome, type Submission } from '../../src/flows/intake';
import { clearancesOf } from '../../src/records/clearances';
import { flowBench, OWNER, typeSetting, type FlowBench } from '../support/in-process';

const REPORT = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Are you reporting on behalf of someone else?': 'No',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
  'Is anyone in immediate danger?': 'No',
};

function submission(bench: FlowBench, answers: Record<string, string> = REPORT, responseId = 'resp-1'): Submission {
  return { responseId, receivedAt: bench.ws.rt.now(), answers };
}

/** Intake through the execution protocol, without delivering: what it queued stays pending in `Outbox`. */
function intake(bench: FlowBench, s: Submission): IntakeOutcome {
  return bench.flow((ctx) => runIntake(ctx, s), { actor: 'form' });
}

function created(outcome: IntakeOutcome): Extract<IntakeOutcome, { kind: 'created' }> {
  if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
  return outcome;
}

describe('intake', () => {
  test('a report becomes one case: registry row, private Doc titled by the code name, status row', () => {
    const bench = flowBench();
    const outcome = created(intake(bench, submission(bench)));

    const cases = bench.registry('Cases');
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      'Case ID': outcome.caseId,
      'Code Name': outcome.codeName,
      'Response ID': 'resp-1',
      Phase: 'screening',
      'Reporter Name': 'Rita Alvarez',
      'Reporter Email': 'rita@example.net',
    });
    expect(cases[0]['Case ID']).toMatch(/^c_[0-9a-f]{12}$/);
    expect(JSON.parse(cases[0].Reported).names).toEqual(['Sam Doe']);
    const doc = bench.ws.data.doc(cases[0]['Doc ID']);
    expect(doc.title).toBe(outcome.codeName);
    expect(doc.text).toContain(REPORT['What happened?']);
    expect(doc.paragraphs[doc.paragraphs.length - 1].text).toMatch(/^2026-03-02 09:00 \S+ — Report received/);
    expect(bench.ws.data.file(doc.id)).toMatchObject({
      access: 'PRIVATE',
      parents: [bench.ids.folder],
      editors: [],
      viewers: [],
      owner: OWNER,
    });
    expect(bench.status()).toEqual([
      expect.objectContaining({
        'Code Name': outcome.codeName,
        Status: 'New',
        'Actions needed': 'Members to declare conflicts',
      }),
    ]);
  });

  test('the acknowledgment and one screening email per active member are queued, none sent', () => {
    const bench = flowBench({
      members: [
        { name: 'Ana Lima', email: 'ana@example.org' },
        { name: 'Bo Chen', email: 'bo@example.org', role: 'adviser' },
        { name: 'Dee Former', email: 'dee@example.org', active: false },
      ],
    });
    const { caseId } = created(intake(bench, submission(bench)));

    const outbox = bench.registry('Outbox');
    expect(outbox.map((o) => [o.Kind, o.To, o.State])).toEqual(
      expect.arrayContaining([
        ['ack', 'rita@example.net', 'pending'],
        ['screening', 'ana@example.org', 'pending'],
        ['screening', 'bo@example.org', 'pending'],
      ]),
    );
    expect(
      outbox
        .filter((o) => o.Kind === 'screening')
        .map((o) => o.To)
        .sort(),
    ).toEqual(['ana@example.org', 'bo@example.org']);
    expect(outbox.every((o) => o['Case ID'] === caseId)).toBe(true);
    const screening = outbox.find((o) => o.To === 'ana@example.org')!;
    expect(screening.Key).toBe(
      `${caseId}|screening|${bench.registry('Members').find((m) => m.Email === 'ana@example.org')!['Member ID']}`,
    );
    expect(screening.Body).toContain(`${bench.ws.webAppUrl}?t=`);
    expect(screening.Subject).not.toContain('Sam');
    expect(bench.ws.mail()).toEqual([]);
  });

  test('a response delivered again changes nothing', () => {
    const bench = flowBench();
    const first = created(intake(bench, submission(bench)));
    const before = bench.ws.snapshot();

    expect(intake(bench, submission(bench))).toEqual({ kind: 'duplicate', caseId: first.caseId });
    const after = bench.ws.snapshot();
    expect(after.docs).toEqual(before.docs);
    for (const tab of ['Cases', 'Outbox', 'Members', 'Clearances'])
      expect(bench.registry(tab)).toEqual(registryOf(before, bench, tab));
    expect(bench.status()).toHaveLength(1);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event === 'intake.duplicate-ignored')
        .map((a) => a['Case ID']),
    ).toEqual([first.caseId]);
  });

  test('two responses make two cases with different code names and Docs', () => {
    const bench = flowBench();
    const one = created(intake(bench, submission(bench, REPORT, 'resp-1')));
    const two = created(intake(bench, submission(bench, { ...REPORT, 'Who was involved?': 'Lee Park' }, 'resp-2')));

    expect(two.codeName).not.toBe(one.codeName);
    const cases = bench.registry('Cases');
    expect(cases.map((c) => c['Code Name'])).toEqual([one.codeName, two.codeName]);
    expect(new Set(cases.map((c) => c['Doc ID'])).size).toBe(2);
    expect(bench.status().map((s) => s['Code Name'])).toEqual([one.codeName, two.codeName]);
  });

  test('a blank response is ignored and recorded, no case', () => {
    const bench = flowBench();
    expect(intake(bench, submission(bench, {}))).toEqual({ kind: 'ignored-blank' });
    expect(bench.registry('Cases')).toEqual([]);
    expect(bench.ws.data.docs().filter((d) => d.title !== '')).toHaveLength(0);
    expect(bench.registry('Audit').map((a) => a.Event)).toContain('intake.blank-ignored');
  });

  test('immediate danger queues an urgent alert to every active member', () => {
    const bench = flowBench();
    const { caseId } = created(
      intake(bench, submission(bench, { ...REPORT, 'Is anyone in immediate danger?': 'Yes' })),
    );
    const urgent = bench.registry('Outbox').filter((o) => o.Kind === 'urgent');
    expect(urgent.map((o) => o.To).sort()).toEqual(['ana@example.org', 'bo@example.org', 'cy@example.org']);
    expect(urgent.every((o) => o['Case ID'] === caseId && o.Subject.startsWith('Urgent'))).toBe(true);
  });

  test('a member named in the report is conflicted from the start and gets no screening email', () => {
    const bench = flowBench();
    const { caseId, codeName } = created(
      intake(bench, submission(bench, { ...REPORT, 'Who was involved?': 'Bo Chen' })),
    );
    expect(bench.ws.data.doc(bench.registry('Cases')[0]['Doc ID']).title).toBe(codeName);

    expect(
      bench
        .registry('Outbox')
        .filter((o) => o.Kind === 'screening')
        .map((o) => o.To)
        .sort(),
    ).toEqual(['ana@example.org', 'cy@example.org']);
    const bo = bench.registry('Members').find((m) => m.Email === 'bo@example.org')!['Member ID'];
    const decision = bench.flow((ctx) => clearancesOf(ctx).latest(caseId, bo)?.decision ?? null);
    expect(decision).toBe('conflict');
    // Registry only: the shared Conflicts tab must not tell the member that a report about them exists.
    expect(bench.status('Conflicts')).toEqual([]);
    expect(
      bench
        .registry('Audit')
        .filter((a) => a.Event === 'clearance.conflict-automatic')
        .map((a) => a['Case ID']),
    ).toEqual([caseId]);
  });
});

describe('the form submit trigger in-process', () => {
  test('the report becomes a case and its mail is delivered: acknowledgment and screening emails', () => {
    const bench = flowBench();
    const { caseId } = bench.report(REPORT);

    expect(bench.registry('Cases').map((c) => c['Case ID'])).toEqual([caseId]);
    expect(bench.ws.mailTo('rita@example.net').map((m) => m.subject)).toEqual(['We received your report']);
    for (const email of ['ana@example.org', 'bo@example.org', 'cy@example.org']) {
      expect(bench.ws.mailTo(email).map((m) => m.subject)).toEqual([expect.stringMatching(/conflict of interest/i)]);
    }
    expect(bench.registry('Outbox').map((o) => o.State)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  test('the same event delivered twice makes one case and sends nothing twice', () => {
    const bench = flowBench();
    const { responseId, event } = bench.submit(REPORT);
    for (let i = 0; i < 2; i++) {
      bench.run(() => onReportSubmitHandler(event), { kind: 'trigger', name: 'onReportSubmit_' });
    }
    expect(bench.registry('Cases').map((c) => c['Response ID'])).toEqual([responseId]);
    expect(bench.ws.mail()).toHaveLength(4);
    expect(bench.ws.rt.executions.slice(-2).map((e) => e.outcome)).toEqual(['ok', 'ok']);
  });
});

function registryOf(
  snapshot: ReturnType<FlowBench['ws']['snapshot']>,
  bench: FlowBench,
  tab: string,
): Array<Record<string, string>> {
  const sheet = snapshot.sheets.find((s) => s.spreadsheetId === bench.ids.registry && s.name === tab)!;
  const [header, ...rows] = sheet.rows;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), String(row[i] ?? '')])));
}

describe('where replies go', () => {
  test('the acknowledgment asks for replies to the committee account itself, not an alias', () => {
    const bench = flowBench();
    bench.report(REPORT);
    expect(bench.ws.mailTo('rita@example.net').map((m) => m.replyTo)).toEqual([OWNER]);
  });

  test('a Reply-To address the owner set deliberately is used; the retired "Committee address" row is not', () => {
    const bench = flowBench();
    typeSetting(bench, 'Committee address', 'all-members@example.org');
    expect(bench.ws.mailTo('rita@example.net')).toEqual([]);
    bench.report(REPORT);
    expect(bench.ws.mailTo('rita@example.net').map((m) => m.replyTo)).toEqual([OWNER]);

    const second = flowBench();
    typeSetting(second, 'Reply-To address', 'coc-private@example.org');
    second.report(REPORT);
    expect(second.ws.mailTo('rita@example.net').map((m) => m.replyTo)).toEqual(['coc-private@example.org']);
  });
});
