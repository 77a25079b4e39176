// A multi-cell paste into the status spreadsheet fires one edit event spanning the block, without value or oldValue: the owner's pasted Committee rows and Settings rows take effect from that one event.
import { expectNoErrors, mailsTo, OWNER, registryRows, startDesk } from './desk';

describe('pasting blocks of cells into the status spreadsheet', () => {
  it('two Committee rows pasted at once: one roster run adds both members (status sheet shared, onboarding mail)', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    const newcomers = [
      ['Kim Vale', 'kim.vale@example.org', 'voting', true],
      ['Lou Park', 'lou.park@example.org', 'adviser', true],
    ];
    const results = desk.ws.pasteCells(OWNER, desk.ids.status, 'Committee', 3, 1, newcomers);
    expectNoErrors(results);
    // One roster run: the change trigger, which Google runs for the paste too (EDIT), leaves edits to the edit trigger.
    expect(results.map((r) => r.record.fn)).toEqual(['onStatusEdit_', 'onStatusChange_']);
    expect(results[1].record.calls).toEqual({});
    desk.members.push({ name: 'Kim Vale', email: 'kim.vale@example.org' });
    desk.members.push({ name: 'Lou Park', email: 'lou.park@example.org', role: 'adviser' });
    desk.check();
    expect(desk.ws.data.file(desk.ids.status).editors).toEqual(
      expect.arrayContaining(['kim.vale@example.org', 'lou.park@example.org']),
    );
    for (const email of ['kim.vale@example.org', 'lou.park@example.org']) {
      expect(mailsTo(desk, email, /welcome|committee/i).length).toBeGreaterThan(0);
      expect(registryRows(desk, 'Members').find((m) => m.Email === email)?.['Sheet Access']).toBe('editor');
    }
  });

  it('a pasted Settings block (a space and its moderators) updates the Form at once', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    const row = desk.ws.data.sheet(desk.ids.status, 'Settings').rows.length + 1;
    const results = desk.ws.pasteCells(OWNER, desk.ids.status, 'Settings', row, 1, [
      ['Space: Discourse', 'mods@example.org'],
      ['Space: Matrix', 'matrix-mods@example.org'],
    ]);
    expectNoErrors(results);
    desk.check();
    const places = desk.ws.data.forms()[0].items.find((i) => i.title === 'Where did it happen?')?.choices ?? [];
    expect(places).toEqual(expect.arrayContaining(['Discourse', 'Matrix']));
  });

  it('a paste into the Cases tab by a member runs nothing', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    const before = desk.ws.snapshot().executions.length;
    const results = desk.ws.pasteCells('ana@example.org', desk.ids.status, 'Cases', 2, 1, [
      ['', ''],
      ['', ''],
    ]);
    expectNoErrors(results);
    desk.check();
    // The edit and change triggers fire (Google cannot tell what a paste is about) and return at once: nothing
    // written, nothing sent.
    expect(desk.ws.snapshot().executions.length - before).toBe(2);
    for (const result of results) {
      expect(result.record.outcome).toBe('ok');
      expect(result.record.sideEffects).toBe(0);
      expect(Object.keys(result.record.calls).filter((c) => c.startsWith('Range.set'))).toEqual([]);
    }
  });
});
