// The owner's edits of the Settings tab take effect without re-running setup: the Form's places follow the Space rows, and mistakes are told at once.
import { OWNER, expectNoErrors, startDesk, type Desk } from './desk';

const ALERT_SUBJECT = '[Conduct Desk] The Settings or Committee tab needs a correction';

function formPlaces(desk: Desk): string[] {
  const form = desk.ws.data.forms()[0];
  return form.items.find((i) => i.title === 'Where did it happen?')?.choices ?? [];
}

/** Types `name` / `value` into the first empty Settings row, as the owner, cell by cell (each edit fires onStatusEdit_). */
function addSettingRow(desk: Desk, name: string, value: string): void {
  const row = desk.ws.data.sheet(desk.ids.status, 'Settings').rows.length + 1;
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 1, name));
  expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 2, value));
  desk.check();
}

function settingRow(desk: Desk, name: string): number {
  return desk.ws.data.sheet(desk.ids.status, 'Settings').rows.findIndex((r) => String(r[0]) === name) + 1;
}

describe('editing Settings', () => {
  it('adds a new space to the Form as soon as the owner types its row', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    expect(formPlaces(desk)).not.toContain('Discourse');
    addSettingRow(desk, 'Space: Discourse', 'mods@example.org');
    expect(formPlaces(desk)).toContain('Discourse');
    expect(formPlaces(desk)[formPlaces(desk).length - 1]).toBe('Other');
  });

  it('ADV-96 takes a space off the Form as soon as the owner deletes its row (a deletion reaches no edit trigger)', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    addSettingRow(desk, 'Space: Discourse', 'mods@example.org');
    addSettingRow(desk, 'Space: Matrix', 'mods@example.org');
    expect(formPlaces(desk)).toEqual(['Discourse', 'Matrix', 'Other']);
    expectNoErrors(desk.ws.deleteRow(OWNER, desk.ids.status, 'Settings', settingRow(desk, 'Space: Discourse')));
    desk.check();
    expect(formPlaces(desk)).toEqual(['Matrix', 'Other']);
  });

  it('mails nothing while a row is half typed, and the next sweep tells the final mistake once', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    const alerts = () => desk.ws.mailTo('ana@example.org').filter((m) => m.subject === ALERT_SUBJECT);
    addSettingRow(desk, 'Space: Matrix', 'not-an-address');
    const row = settingRow(desk, 'Follow up within (days)');
    expect(row).toBeGreaterThan(0);
    expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 2, 0));
    expect(alerts()).toHaveLength(0);
    expectNoErrors(desk.ws.advance(2 * 3600 * 1000));
    desk.check();
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0].body).toContain("moderator address 'not-an-address' is not a valid email address");
    expect(alerts()[0].body).toMatch(/Follow up within \(days\)/);
    expect(desk.ws.mailTo(OWNER).filter((m) => m.subject === ALERT_SUBJECT)).toHaveLength(1);
  });

  it('ADV-237 the committee account raises the purge from 12 to 24 months, or records individual votes: every member is told once', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    expectNoErrors(desk.ws.advance(2 * 3600 * 1000));
    const told = (email: string) => desk.ws.mailTo(email).filter((m) => /keeps or shows more/.test(m.subject));
    const type = (name: string, value: string) => {
      expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Settings', settingRow(desk, name), 2, value));
      expectNoErrors(desk.ws.advance(2 * 3600 * 1000));
      desk.check();
    };
    type('Purge reporter details after (months)', '24');
    expect(told('ana@example.org').map((m) => m.body)).toEqual([
      expect.stringContaining("Settings row 'Purge reporter details after (months)' changed from 12 to 24"),
    ]);
    expect(told(OWNER)).toHaveLength(1);
    // Stricter again: nothing to tell.
    type('Purge reporter details after (months)', '12');
    type('Record individual votes', 'Yes');
    expect(told('ana@example.org').map((m) => m.body)).toEqual([
      expect.anything(),
      expect.stringContaining("Settings row 'Record individual votes' changed from No to Yes"),
    ]);
  });

  it('ADV-242 the purge is raised from 12 to 24 months, put back to 12, and raised to 24 again: the second raise is told too', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    expectNoErrors(desk.ws.advance(2 * 3600 * 1000));
    const told = () => desk.ws.mailTo('ana@example.org').filter((m) => /keeps or shows more/.test(m.subject));
    const type = (value: string) => {
      const row = settingRow(desk, 'Purge reporter details after (months)');
      expectNoErrors(desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 2, value));
      expectNoErrors(desk.ws.advance(2 * 3600 * 1000));
      desk.check();
    };
    type('24');
    type('12');
    // Before: the second raise had the first one's words, so its alert's key was spent and it went untold.
    type('24');
    expect(told().map((m) => m.body)).toEqual([
      expect.stringContaining('changed from 12 to 24'),
      expect.stringContaining('changed from 12 to 24'),
    ]);
    expect(desk.ws.mailTo(OWNER).filter((m) => /keeps or shows more/.test(m.subject))).toHaveLength(2);
  });

  it('does no work and sends nothing when a member edits the Cases tab', () => {
    const desk = startDesk({ members: [{ name: 'Ana Lima', email: 'ana@example.org' }] });
    const before = desk.ws.rt.executions.length;
    expectNoErrors(desk.ws.editCell('ana@example.org', desk.ids.status, 'Cases', 2, 7, 'Verbal warning'));
    const runs = desk.ws.rt.executions.slice(before);
    expect(runs.length).toBeGreaterThan(0);
    expect(
      runs.every((r) => Object.keys(r.calls).every((k) => !k.startsWith('MailApp') && !k.startsWith('Range.set'))),
    ).toBe(true);
  });
});
