// Crash safety of intake: kill the execution before each of its side-effecting calls in turn, re-deliver the same event, and get the no-crash result — no duplicate case, Doc, row or mail, no orphan Doc.
import type { ExecutionResult } from '../../workbench';
import { expectOk, registryRows, startWorkspace, statusRows, type Desk } from './desk';
import { expectInvariants, findViolations } from './invariants';

const PEOPLE = {
  reporter: { name: 'Rita Alvarez', email: 'rita@example.net' },
  reported: [{ name: 'Sam Doe' }],
  witnesses: [{ name: 'Wendy Okonkwo' }],
};
const ANSWERS = {
  'Your name': 'Rita Alvarez',
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept messaging after being asked to stop.',
  'Were there witnesses?': 'Wendy Okonkwo',
  'Is anyone in immediate danger?': 'Yes',
};

interface Normalized {
  cases: Array<Record<string, string>>;
  members: string[][];
  outbox: string[][];
  status: Array<Record<string, string>>;
  docs: Array<{ title: string; trashed: boolean; text: string }>;
  mail: string[][];
  files: number;
  /** Responses the Form still holds: retention deletes each once its case is finished. */
  held: number;
}

/** The durable state with what legitimately differs between runs (ids, code names, signed links, clock stamps) replaced. */
function normalize(h: Desk): Normalized {
  const cases = registryRows(h, 'Cases');
  const members = registryRows(h, 'Members');
  const swaps: Array<[string, string]> = [];
  for (const c of cases) swaps.push([c['Case ID'], 'CASE'], [c['Code Name'], 'CODE'], [c['Doc ID'], 'DOC']);
  for (const m of members) swaps.push([m['Member ID'], `member:${m.Email}`]);
  // Person code names are drawn at random like code names (src/core/person-codes.ts).
  for (const c of cases)
    for (const code of (JSON.parse(c.Flags || '{}') as { persons?: string[] }).persons ?? [])
      swaps.push([code, 'PERSON']);
  const clean = (text: string) => {
    let out = text
      .replace(/https?:\/\/\S+?\?t=[A-Za-z0-9_.-]+/g, 'LINK')
      // Links are signed when their mail is made, so a finished intake's run says its own minute (ADV-72).
      .replace(/These links work until [^.]+\./g, 'These links work until WHEN.')
      .replace(/\bRef\. [0-9a-f]{16}\b/g, 'Ref. REF');
    for (const [from, to] of swaps) if (from) out = out.split(from).join(to);
    return out;
  };
  const snap = h.ws.snapshot();
  return {
    cases: cases.map(({ 'Case ID': _id, 'Code Name': _code, 'Doc ID': _doc, ...rest }) => ({
      ...rest,
      // When intake finished (`filedAt`, for the statistics): the re-delivery's own clock.
      Flags: clean(rest.Flags).replace(/"filedAt":"[^"]+"/, '"filedAt":"WHEN"'),
    })),
    members: members.map((m) => [m.Email, m.Name, m.Role, m.Active, m['Onboarded At'], m['Sheet Access']]),
    outbox: registryRows(h, 'Outbox').map((r) => [
      clean(r.Key),
      r.Kind,
      r.To,
      clean(r.Subject),
      clean(r.Body),
      r.Delivery,
      r.State,
      r.Attempts,
    ]),
    status: statusRows(h).map((r) => ({ ...r, 'Code Name': clean(r['Code Name']) })),
    docs: snap.docs.map((d) => ({
      title: clean(d.title),
      trashed: snap.files.find((f) => f.id === d.id)?.trashed ?? false,
      text: clean(d.text),
    })),
    mail: snap.mail.map((m) => [m.to.join(','), clean(m.subject), clean(m.body)]).sort(),
    files: snap.files.length,
    held: snap.forms[0].responses.length,
  };
}

function submitTrigger(h: Desk): { uid: string } {
  const trigger = h.ws.triggers().find((t) => t.handler === 'onReportSubmit_');
  if (!trigger) throw new Error('no submit trigger');
  return trigger;
}

/** Re-delivers the same response's submit event, as the platform does after a failed execution. */
function redeliver(h: Desk, responseId: string): ExecutionResult {
  const event = h.ws.data.formSubmitEvent(h.ids.form, responseId, submitTrigger(h).uid);
  return h.ws.run('onReportSubmit_', [event], { kind: 'trigger' });
}

/** Outbox key of the last mail the given execution sent (the one a crash right after sending leaves unrecorded). */
/**
 * The key of the message the crashed execution sent last when neither the outbox nor the mail journal (Script
 * Property `outboxJournal`) records it as sent — the one window where a re-delivery sends it again — else null.
 */
function unjournaledSend(h: Desk, execution: number): string | null {
  const sent = h.ws.mail().filter((m) => m.execution === execution);
  const last = sent[sent.length - 1];
  if (!last) return null;
  const row = registryRows(h, 'Outbox').find(
    (r) => r.To === last.to.join(',') && r.Subject === last.subject && r.Body === last.body,
  );
  if (!row) throw new Error('the last mail has no outbox row');
  const journal = JSON.parse(h.ws.properties().outboxJournal ?? '[]') as string[];
  return row.State === 'sent' || journal.includes(row.Key) ? null : row.Key;
}

function baseline(): { state: Normalized; sideEffects: number } {
  const h = startWorkspace({ seed: 11 });
  h.k.people.push(PEOPLE);
  const { results } = h.ws.submitForm(ANSWERS);
  expectOk(results[0]);
  expectInvariants(h.ws, h.k);
  return { state: normalize(h), sideEffects: results[0].record.sideEffects };
}

const reference = baseline();

describe('intake survives a crash at any side-effecting call', () => {
  test('the reference run has the side effects the test walks through', () => {
    // registry row + flush, the Doc, its placement, the commit, 7 mails with their journal entries, the sent marks.
    expect(reference.sideEffects).toBeGreaterThan(20);
    expect(reference.state.mail).toHaveLength(7);
    expect(reference.state.docs).toHaveLength(1);
  });

  const points = Array.from({ length: reference.sideEffects }, (_, i) => i + 1);
  test.each(points)('crash before side effect #%i, then re-delivery: same cases, rows, Docs and mail', (k) => {
    const h = startWorkspace({ seed: 11 });
    h.k.people.push(PEOPLE);
    h.ws.rt.crashPlan = { atSideEffect: k };
    const { responseId, results } = h.ws.submitForm(ANSWERS);
    const crashed = results[0].record;
    expect(crashed.outcome).toBe('killed');
    expect(crashed.error).toContain(`before side effect #${k}`);

    // Between the crash and the recovery the invariants hold, except that the case may be unfinished.
    h.k.unfinishedResponses.add(responseId);
    let allowedDuplicate = false;
    const unjournaled = unjournaledSend(h, crashed.id);
    if (unjournaled) {
      // Killed between MailApp.sendEmail and its journal entry: that one at-least-once message goes out again.
      // (Other property writes — the mail quota day, a Doc journal — are no such window.)
      h.k.allowedDuplicateKeys.add(unjournaled);
      allowedDuplicate = true;
    }
    expect(findViolations(h.ws, h.k)).toEqual([]);

    expectOk(redeliver(h, responseId));
    h.k.unfinishedResponses.delete(responseId);
    expectInvariants(h.ws, h.k);
    // A further delivery changes nothing.
    const settled = normalize(h);
    expectOk(redeliver(h, responseId));
    expect(normalize(h)).toEqual(settled);

    const state = normalize(h);
    if (allowedDuplicate) {
      expect(state.mail.length).toBe(reference.state.mail.length + 1);
      const extra = [...state.mail];
      for (const m of reference.state.mail)
        extra.splice(
          extra.findIndex((x) => JSON.stringify(x) === JSON.stringify(m)),
          1,
        );
      expect(extra).toHaveLength(1);
      state.mail = reference.state.mail;
    }
    expect(state).toEqual(reference.state);
    const created = registryRows(h, 'Audit').filter((a) => a.Event.startsWith('case.created'));
    expect(created).toHaveLength(1);
  });

  test('two crashes in a row (first run and first re-delivery) still end in the no-crash state', () => {
    for (const [k1, k2] of [
      [3, 2],
      [6, 4],
      [Math.floor(reference.sideEffects / 2), 5],
    ]) {
      const h = startWorkspace({ seed: 11 });
      h.k.people.push(PEOPLE);
      h.ws.rt.crashPlan = { atSideEffect: k1 };
      const { responseId, results } = h.ws.submitForm(ANSWERS);
      expect(results[0].record.outcome).toBe('killed');
      h.ws.rt.crashPlan = { atSideEffect: k2 };
      const second = redeliver(h, responseId);
      expect(second.record.outcome).toBe('killed');
      h.k.unfinishedResponses.add(responseId);
      expect(findViolations(h.ws, h.k).filter((v) => !v.startsWith('3:'))).toEqual([]);
      expectOk(redeliver(h, responseId));
      h.k.unfinishedResponses.delete(responseId);
      const state = normalize(h);
      expect(state.cases).toEqual(reference.state.cases);
      expect(state.status).toEqual(reference.state.status);
      expect(state.docs).toEqual(reference.state.docs);
      expect(state.outbox).toEqual(reference.state.outbox);
      expect(state.files).toBe(reference.state.files);
    }
  });
});

describe('the sweep finishes an interrupted intake when no re-delivery comes', () => {
  const points = [2, 4, 10, Math.floor(reference.sideEffects * 0.7), reference.sideEffects - 3];
  test.each(points)('crash before side effect #%i, then only the hourly sweep', (k) => {
    const h = startWorkspace({ seed: 11 });
    h.k.people.push(PEOPLE);
    h.ws.rt.crashPlan = { atSideEffect: k };
    const { responseId, results } = h.ws.submitForm(ANSWERS);
    expect(results[0].record.outcome).toBe('killed');
    const unjournaled = unjournaledSend(h, results[0].record.id);
    if (unjournaled) h.k.allowedDuplicateKeys.add(unjournaled);
    h.k.unfinishedResponses.add(responseId);
    expect(findViolations(h.ws, h.k)).toEqual([]);
    const sweeps = h.ws.advance(65 * 60 * 1000);
    expect(sweeps.map((r) => r.record.fn)).toContain('sweep_');
    for (const r of sweeps) expectOk(r);
    h.k.unfinishedResponses.delete(responseId);
    expectInvariants(h.ws, h.k);
    const state = normalize(h);
    expect(state.cases).toEqual(reference.state.cases);
    expect(state.status).toEqual(reference.state.status);
    expect(state.docs).toEqual(reference.state.docs);
    expect(state.files).toBe(reference.state.files);
    // Every intake message went out exactly once (the sweep may add messages of its own; none here).
    for (const m of reference.state.mail)
      expect(state.mail.filter((x) => JSON.stringify(x) === JSON.stringify(m)).length).toBeGreaterThanOrEqual(1);
    expect(state.outbox.filter((r) => ['ack', 'urgent', 'screening'].includes(r[1]))).toEqual(reference.state.outbox);
  });
});
