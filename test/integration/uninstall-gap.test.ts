// Uninstall, then setup again weeks later (docs/deployment.md "Uninstalling"): a report sent meanwhile to a Form left open must not be lost.
import { ANA, CY, DAY, clear, expectOk, registryRows, reportCase, startDesk, startResolutionDesk, sweep } from './desk';

test('a report sent three weeks after uninstall, to a Form left open, becomes a case once setup runs again', () => {
  const desk = startDesk({ members: [ANA] });
  expectOk(desk.ws.run('uninstall'));
  desk.k.people.push({ reporter: { email: 'rita@example.net' }, reported: [{ name: 'Sam Doe' }] });
  const { responseId } = desk.ws.submitForm(
    {
      'Who was involved?': 'Sam Doe',
      'What happened?': 'Repeated unwelcome comments in the chat after being asked to stop.',
      'Your email address': 'rita@example.net',
    },
    { formId: desk.ids.form },
  );
  // No trigger takes it in while uninstalled: the checker waits for it (invariant 6) until setup and a sweep have run.
  desk.k.unfinishedResponses.add(responseId);
  desk.check();
  desk.ws.rt.setClock(desk.ws.rt.now() + 21 * DAY);
  expectOk(desk.ws.run('setup'));
  desk.k.unfinishedResponses.delete(responseId);
  sweep(desk);
  const cases = registryRows(desk, 'Cases').filter((c) => c['Response ID'] === responseId);
  expect(cases).toHaveLength(1);
  // The reporter gets the receipt (and, their follow-up being three weeks overdue, a status email).
  expect(desk.ws.mailTo('rita@example.net')[0].subject).toBe('We received your report');
});

it('ADV-241 a committee uninstalls to stop Conduct Desk: it is told that links already sent still act and that retention stops', () => {
  const desk = startResolutionDesk({ members: [ANA, CY] });
  const kase = reportCase(desk);
  const lines = expectOk(desk.ws.run<{ lines: string[] }>('uninstall')).value!.lines.join('\n');
  // Before: "Reports are no longer processed" and deployment.md's "nothing more is sent", with both of these untrue.
  expect(lines).toMatch(/Links already sent still open their pages, and what members do there still happens/);
  expect(lines).toMatch(/Retention stops too/);
  // True as told: a member's old screening link still shares the case Doc, and the share's email still goes.
  const before = desk.ws.mailTo(ANA.email).length;
  clear(desk, kase, ANA);
  expect(desk.ws.mailTo(ANA.email).length).toBeGreaterThan(before);
  expect(desk.ws.triggers()).toEqual([]);
});
