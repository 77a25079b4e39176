// The status spreadsheet deleted for good and its id removed, as troubleshooting.md says: setup makes a new one and rebuilds it from the registry, shares it with every active member and tells the owner what it did (ADV-93).
import {
  ANA,
  BO,
  DAY,
  OWNER,
  SPACE,
  caseWithOpenVote,
  clear,
  expectOk,
  jumpAndSweep,
  registryCase,
  registryRows,
  setSetting,
  startDesk,
  startResolutionDesk,
  statusRows,
  submitReport,
  sweep,
  typeStatus,
  type Desk,
} from './desk';

const SERVER_ERROR = 'We\u2019re sorry, a server error occurred. Please wait a bit and try again.';

function scriptProperties(desk: Desk): Map<string, string> {
  return (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
}

test('the status spreadsheet deleted for good: setup makes a new one that every active member gets, with the roster, the names and a row per case', () => {
  const desk = startDesk({ members: [ANA, BO] });
  setSetting(desk, 'Committee name', 'Riverside Conduct Team');
  const open = submitReport(desk, { reported: ['Sam Doe'] });
  clear(desk, open, ANA);
  const closed = submitReport(desk, { reported: ['Quinn Vell'] });
  typeStatus(desk, OWNER, closed, 'Closed');
  const before = statusRows(desk).map((r) => [r['Code Name'], r['Date & Time']]);
  const lost = desk.ids.status;
  const mailBefore = [ANA, BO].map((m) => desk.ws.mailTo(m.email).length);

  // The owner emptied the trash; troubleshooting.md: remove its id from Script Properties and run setup again.
  desk.ws.data.deleteForever(lost);
  scriptProperties(desk).delete('statusSpreadsheetId');
  const setup = desk.ws.run<{ lines: string[]; warnings: string[] }>('setup');
  expect(setup.record.outcome).toBe('ok');
  desk.ids.status = desk.ws.properties().statusSpreadsheetId;
  expect(desk.ids.status).not.toBe(lost);
  desk.check();
  sweep(desk);
  sweep(desk);

  // Every active member is an editor again, shared silently as the first time, and the registry says so.
  expect(desk.ws.data.file(desk.ids.status).editors).toEqual(expect.arrayContaining([ANA.email, BO.email]));
  expect(registryRows(desk, 'Members').map((m) => m['Sheet Access'])).toEqual(['editor', 'editor']);
  // The roster, the committee's name and each case's row are back; no case row names anyone.
  expect(statusRows(desk, 'Committee').map((r) => [r.Name, r.Email, r.Role])).toEqual([
    [ANA.name, ANA.email, 'voting'],
    [BO.name, BO.email, 'adviser'],
  ]);
  expect(statusRows(desk, 'Settings').find((r) => r.Setting === 'Committee name')?.Value).toBe(
    'Riverside Conduct Team',
  );
  expect(statusRows(desk).map((r) => [r['Code Name'], r['Date & Time']])).toEqual(before);
  // Each row says where its case stands now (the phase's status, as the flows write it).
  expect(statusRows(desk).map((r) => r.Status)).toEqual(['Ongoing', 'Closed']);
  expect(JSON.stringify(statusRows(desk))).not.toMatch(/Sam|Quinn/);
  // Members hear the sheet moved, without any case detail; the owner was told what setup did.
  for (const member of [ANA, BO]) {
    const moved = desk.ws.mailTo(member.email).filter((m) => /status spreadsheet moved/i.test(m.subject));
    expect(moved).toHaveLength(1);
    expect(moved[0].body).not.toContain(open.codeName);
    expect(moved[0].body).not.toContain(closed.codeName);
  }
  const printed = setup.value?.lines.join('\n') ?? '';
  expect(printed).toMatch(/rebuilt from the private registry/);
  expect(printed).toMatch(/2 member\(s\)/);
  expect(printed).toMatch(/2 case row\(s\)/);
  expect(printed).toMatch(/Settings/);
  // Nobody was welcomed again as a newcomer, nor offboarded: the move is the only mail they got.
  expect([ANA, BO].map((m) => desk.ws.mailTo(m.email).length)).toEqual(mailBefore.map((n) => n + 1));
  expect(desk.ws.mail().filter((m) => /inactive/i.test(m.subject))).toEqual([]);
});

test('setup interrupted just after making the new status spreadsheet: the next setup rebuilds it all the same', () => {
  const desk = startDesk({ members: [ANA, BO] });
  const kase = submitReport(desk, { reported: ['Sam Doe'] });
  desk.ws.data.deleteForever(desk.ids.status);
  scriptProperties(desk).delete('statusSpreadsheetId');
  const call = 'Range.setDataValidation';
  desk.ws.rt.faults.push({ call, nth: (desk.ws.rt.totals[call] ?? 0) + 1, message: SERVER_ERROR });
  expect(desk.ws.run('setup').record.outcome).not.toBe('ok');
  desk.ws.rt.faults.length = 0;
  const made = desk.ws.properties().statusSpreadsheetId;
  expect(made).toBeTruthy();

  const again = desk.ws.run<{ lines: string[] }>('setup');
  expect(again.record.outcome).toBe('ok');
  expect(desk.ws.properties().statusSpreadsheetId).toBe(made);
  desk.ids.status = made;
  desk.check();
  expect(again.value?.lines.join('\n')).toMatch(/rebuilt from the private registry/);
  expect(desk.ws.data.file(made).editors).toEqual(expect.arrayContaining([ANA.email, BO.email]));
  expect(statusRows(desk).map((r) => r['Code Name'])).toEqual([kase.codeName]);
  expect(statusRows(desk, 'Committee').map((r) => r.Email)).toEqual([ANA.email, BO.email]);
  expect(desk.ws.properties().statusRebuild).toBeUndefined();

  // A third run finds nothing to rebuild: no second row, no second mail.
  const third = desk.ws.run<{ lines: string[] }>('setup');
  expect(third.value?.lines.join('\n')).not.toMatch(/rebuilt/);
  expect(statusRows(desk).map((r) => r['Code Name'])).toEqual([kase.codeName]);
  sweep(desk);
  expect(desk.ws.mailTo(ANA.email).filter((m) => /status spreadsheet moved/i.test(m.subject))).toHaveLength(1);
});

test('ADV-99 the status spreadsheet rebuilt: the Form keeps its places and the committee’s name, and Settings lists each space for the owner to give its moderators again', () => {
  const desk = startResolutionDesk({ members: [ANA, BO] });
  setSetting(desk, 'Committee name', 'Riverside Conduct Team');
  expectOk(desk.ws.run('setup'));
  const description = () => String(desk.ws.data.forms().find((f) => f.id === desk.ids.form)!.settings.description);
  expect(description()).toContain('Riverside Conduct Team');
  const places = () =>
    desk.ws.data
      .forms()
      .find((f) => f.id === desk.ids.form)!
      .items.find((i) => i.title === 'Where did it happen?')!.choices;
  expect(places()).toEqual([SPACE, 'Other']);
  desk.ws.data.deleteForever(desk.ids.status);
  scriptProperties(desk).delete('statusSpreadsheetId');
  const setup = desk.ws.run<{ lines: string[] }>('setup');
  expect(setup.record.outcome).toBe('ok');
  desk.ids.status = desk.ws.properties().statusSpreadsheetId;
  desk.check();

  // A reporter can still say where it happened, and whom they are writing to.
  expect(places()).toEqual([SPACE, 'Other']);
  expect(description()).toContain('Riverside Conduct Team');
  const kase = submitReport(desk, { reported: ['Sam Doe'], where: SPACE });
  expect(registryRows(desk, 'Cases').find((c) => c['Case ID'] === kase.caseId)?.Space).toBe(SPACE);
  // The owner sees the space in Settings and is told what it lacks: the moderators' addresses were only in the lost sheet.
  expect(statusRows(desk, 'Settings').filter((r) => r.Setting.startsWith('Space:'))).toEqual([
    expect.objectContaining({ Setting: `Space: ${SPACE}`, Value: '' }),
  ]);
  expect(setup.value?.lines.join('\n')).toMatch(new RegExp(`Space: ${SPACE}.*no valid moderator addresses`));
  sweep(desk);
  expect(places()).toEqual([SPACE, 'Other']);
  // Members hear of the move in the committee's name.
  const moved = desk.ws.mailTo(ANA.email).filter((m) => /status spreadsheet moved/i.test(m.subject));
  expect(moved.map((m) => m.body.includes('Riverside Conduct Team'))).toEqual([true]);
});

test('ADV-235 the status spreadsheet rebuilt (or a Settings row deleted): the committee’s values come back, not the defaults', () => {
  const desk = startDesk({ members: [ANA, BO] });
  setSetting(desk, 'Purge reporter details after (months)', 6);
  setSetting(desk, 'Minimum voters', 3);
  setSetting(desk, 'Delete case Docs when purging', 'Yes');
  sweep(desk);
  desk.ws.data.deleteForever(desk.ids.status);
  scriptProperties(desk).delete('statusSpreadsheetId');
  expectOk(desk.ws.run('setup'));
  desk.ids.status = desk.ws.properties().statusSpreadsheetId;
  desk.check();
  const value = (setting: string) => statusRows(desk, 'Settings').find((r) => r.Setting === setting)?.Value;
  expect(
    ['Purge reporter details after (months)', 'Minimum voters', 'Delete case Docs when purging'].map(value),
  ).toEqual(['6', '3', 'Yes']);
});

test('ADV-236 the owner deletes the Minimum voters row (or clears its value) by mistake: 3 stand and the owner is told, not 2 in silence', () => {
  const desk = startDesk({ members: [ANA, BO] });
  setSetting(desk, 'Minimum voters', 3);
  const value = (setting: string) => statusRows(desk, 'Settings').find((r) => r.Setting === setting)?.Value;
  const rows = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
  desk.ws.data.ui.deleteRow(OWNER, desk.ids.status, 'Settings', rows.findIndex((r) => r[0] === 'Minimum voters') + 1);
  sweep(desk);
  const told = desk.ws.mailTo(OWNER).filter((m) => /needs a correction/.test(m.subject));
  expect(told.map((m) => m.body).join('\n')).toContain(
    "Settings row 'Minimum voters': '' must be a whole number from 1 to 15; using 3",
  );
  expectOk(desk.ws.run('setup'));
  expect(value('Minimum voters')).toBe('3');
});

test('ADV-100 the status spreadsheet rebuilt after a case was archived: the case keeps its row, and the owner can open it again from the sheet', () => {
  const { desk, kase } = caseWithOpenVote();
  typeStatus(desk, OWNER, kase, 'Closed');
  jumpAndSweep(desk, 91 * DAY);
  expect(JSON.parse(registryCase(desk, kase).Flags).archived?.in).toBeTruthy();
  desk.ws.data.deleteForever(desk.ids.status);
  scriptProperties(desk).delete('statusSpreadsheetId');
  expectOk(desk.ws.run('setup'));
  desk.ids.status = desk.ws.properties().statusSpreadsheetId;
  desk.check();

  expect(statusRows(desk).map((r) => [r['Code Name'], r.Status])).toEqual([[kase.codeName, 'Closed']]);
  typeStatus(desk, OWNER, kase, 'Ongoing');
  expect(registryCase(desk, kase).Phase).not.toBe('closed');
  expect(JSON.parse(registryCase(desk, kase).Flags).archived).toBeUndefined();
  expect(statusRows(desk).map((r) => r.Status)).toEqual(['Ongoing']);
});
