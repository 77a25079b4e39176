// The owner's first hour through the built bundle: mistakes in Settings and Committee reach the owner (setup output, one sweep alert per distinct list), re-running setup after an upgrade repairs, the signing key rotates, and a /dev web app URL is never used for links.
import { Workspace } from '../../workbench';
import {
  OWNER,
  expectOk,
  sweep,
  addMember,
  deskFor,
  answerLink,
  newestLink,
  pageText,
  registryRows,
  startDesk,
  expectNoErrors,
  submitReport,
  type Desk,
} from './desk';
import { privateBuildDir } from '../support/build-copy';
import { newKnowledge } from './invariants';

const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const CY = { name: 'Cy Park', email: 'cy@example.org' };
const HOUR = 3600 * 1000;
const ALERT_SUBJECT = '[Conduct Desk] The Settings or Committee tab needs a correction';

/** The owner types one Settings value into the row whose Setting is `name` (or a new row). */
function setSetting(desk: Desk, name: string, value: string): void {
  const rows = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
  let row = rows.findIndex((r) => String(r[0]) === name) + 1;
  if (row === 0) {
    row = rows.length + 1;
    desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 1, name);
  }
  desk.ws.editCell(OWNER, desk.ids.status, 'Settings', row, 2, value);
  desk.check();
}

/** What the last `setup` run printed (its execution's log lines). */
function runSetup(desk: Desk): { text: string; warnings: string[] } {
  const before = desk.ws.logs().length;
  const result = desk.ws.run<{ warnings: string[] }>('setup');
  if (result.record.outcome !== 'ok') throw new Error(`setup ended ${result.record.outcome}: ${result.record.error}`);
  desk.check();
  return {
    text: desk.ws
      .logs()
      .slice(before)
      .map((l) => l.text)
      .join('\n'),
    warnings: result.value?.warnings ?? [],
  };
}

function alertsTo(desk: Desk, email: string): string[] {
  return desk.ws
    .mailTo(email)
    .filter((m) => m.subject === ALERT_SUBJECT)
    .map((m) => m.body);
}

/**
 * The project's Script Properties as the owner edits them in Project Settings (the emulator exposes no
 * editor for them, so the test reaches the store the bundle's PropertiesService reads).
 */
function scriptProperties(desk: Desk): Map<string, string> {
  return (desk.ws as unknown as { propertyStores: { script: Map<string, string> } }).propertyStores.script;
}

describe('Settings and Committee mistakes reach the owner', () => {
  test('setup lists each problem by row and value, uses the defaults, and still finishes', () => {
    const desk = startDesk({ members: [ANA] });
    setSetting(desk, 'Follow up within (days)', '0');
    setSetting(desk, 'Escalation contact', 'board at example.org');
    setSetting(desk, 'Space: Discord', 'mods@, ops@example.org');
    setSetting(desk, 'Space: ', 'x@example.org');
    setSetting(desk, 'Reminder tone', 'gentle');
    addMember(desk, { name: 'Typo', email: 'typo@@example.org' });
    const { text, warnings } = runSetup(desk);
    expect(text).toContain('Settings and Committee tabs: 6 problem(s) to correct');
    expect(text).toContain("Settings row 'Space:': the space has no name; skipping it");
    expect(text).toContain("Settings row 'Follow up within (days)': '0' must be a whole number from 1 to 90; using 7");
    expect(text).toContain(
      "Settings row 'Escalation contact': 'board at example.org' is not one email address; leaving it unset",
    );
    expect(text).toContain(
      "Settings row 'Space: Discord': moderator address 'mods@' is not a valid email address; skipping it",
    );
    expect(text).toContain("Settings row 'Reminder tone': unknown setting; ignoring it");
    expect(text).toMatch(/Committee row 3: email 'typo@@example\.org' is not a valid address; skipping this member/);
    expect(warnings).toHaveLength(6);
    // The valid part of a row still counts: the space is on the Form with its one good moderator.
    const where = desk.ws.data.forms()[0].items.find((i) => i.title === 'Where did it happen?');
    expect(where?.choices).toEqual(['Discord', 'Other']);
    expect(text).toMatch(/Triggers: in order/);
    // A case opened now gets the default follow-up deadline, not zero days.
    const kase = submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    const deadlines = JSON.parse(registryRows(desk, 'Cases').find((c) => c['Case ID'] === kase.caseId)!.Deadlines);
    expect(deadlines.followUpDays).toBe(7);
  });

  test('a clean installation says the tabs are in order', () => {
    const desk = startDesk({ members: [ANA] });
    expect(runSetup(desk).text).toContain('Settings and Committee tabs: in order');
  });

  test('the sweep alerts the members and the committee account once per distinct list of problems', () => {
    const desk = startDesk({ members: [ANA, CY] });
    desk.ws.advance(HOUR);
    desk.check();
    expect(alertsTo(desk, ANA.email)).toHaveLength(0);

    setSetting(desk, 'Acknowledge within (hours)', '0');
    desk.ws.advance(HOUR);
    desk.check();
    for (const who of [ANA.email, CY.email, OWNER]) {
      const alerts = alertsTo(desk, who);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toContain(
        "Settings row 'Acknowledge within (hours)': '0' must be a whole number from 1 to 336; using 24",
      );
      expect(alerts[0]).toContain('run setup again');
    }

    // The same mistake a day later is not told again.
    desk.ws.advance(24 * HOUR);
    desk.check();
    expect(alertsTo(desk, ANA.email)).toHaveLength(1);

    // A new mistake is.
    setSetting(desk, 'Reply-To address', 'not-an-address');
    desk.ws.advance(HOUR);
    desk.check();
    const alerts = alertsTo(desk, ANA.email);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toContain(
      "Settings row 'Reply-To address': 'not-an-address' is not one email address; leaving it unset",
    );

    // Corrected: silence.
    setSetting(desk, 'Acknowledge within (hours)', '24');
    setSetting(desk, 'Reply-To address', 'conduct-team@example.org');
    desk.ws.advance(3 * HOUR);
    desk.check();
    expect(alertsTo(desk, ANA.email)).toHaveLength(2);
    expect(registryRows(desk, 'Audit').filter((a) => a.Event === 'configuration.alerted')).toHaveLength(2);
  });
});

describe('re-running setup after an upgrade', () => {
  test('a Form from before the contract title: setup renames "If so, who was affected?" in place, and a report answered under the title the design gives protects the person it names', () => {
    const desk = startDesk({ members: [ANA] });
    const formId = desk.ws.data.forms()[0].id;
    const titles = () => desk.ws.data.forms()[0].items.map((i) => i.title);
    desk.ws.data.ui.editFormItem(OWNER, formId, 'Who are you reporting on behalf of?', {
      title: 'If so, who was affected?',
    });
    const before = titles();

    const { text } = runSetup(desk);
    expect(text).toContain(
      'renamed the Form question "If so, who was affected?" to "Who are you reporting on behalf of?"',
    );
    expect(titles()).toEqual(
      before.map((t) => (t === 'If so, who was affected?' ? 'Who are you reporting on behalf of?' : t)),
    );

    const { results } = desk.ws.submitForm({
      'Your name': 'Rita Alvarez',
      'Are you reporting on behalf of someone else?': 'Yes',
      'Who are you reporting on behalf of?': 'Jo Parkinson',
      'Who was involved?': 'Sam Doe, Jo Parkinson',
      'What happened?': 'Sam mocked Jo in the chat.',
    });
    expectNoErrors(results);
    desk.check();
    const screening = desk.ws.mailTo(ANA.email).filter((m) => /conflict of interest/i.test(m.subject));
    expect(screening).toHaveLength(1);
    expect(screening[0].body).toContain('Sam Doe');
    expect(screening[0].body).not.toContain('Jo Parkinson');
  });

  test('restores what an older installation lacks without duplicating anything', () => {
    const desk = startDesk({ members: [ANA] });
    const kase = submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    // An older installation: no "Time zone" setting row, a registry column header never written, no sweep trigger.
    const settings = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
    desk.ws.data.ui.deleteRow(OWNER, desk.ids.status, 'Settings', settings.findIndex((r) => r[0] === 'Time zone') + 1);
    const outbox = desk.ws.data.sheet(desk.ids.registry, 'Outbox').rows[0];
    desk.ws.data.ui.editCell(OWNER, desk.ids.registry, 'Outbox', 1, outbox.indexOf('Error') + 1, '');
    desk.ws.run('uninstall');
    const filesBefore = desk.ws.snapshot().files.filter((f) => !f.trashed).length;
    const casesBefore = desk.ws.data.sheet(desk.ids.status, 'Cases').rows;

    const { text } = runSetup(desk);
    expect(text).toContain('added 1 missing setting row(s) with their last values or defaults');
    expect(text).toContain('restored the missing "Error" header in registry Outbox');
    expect(text).toContain('Triggers: created onReportSubmit_, sweep_, onStatusEdit_, onStatusChange_');
    expect(
      desk.ws
        .triggers()
        .map((t) => t.handler)
        .sort(),
    ).toEqual(['onReportSubmit_', 'onStatusChange_', 'onStatusEdit_', 'sweep_']);
    expect(desk.ws.snapshot().files.filter((f) => !f.trashed)).toHaveLength(filesBefore);
    expect(desk.ws.data.sheet(desk.ids.status, 'Cases').rows).toEqual(casesBefore);
    expect(desk.ws.data.sheet(desk.ids.status, 'Settings').rows.filter((r) => r[0] === 'Time zone')).toHaveLength(1);

    // The repaired installation keeps working: a new report becomes a case, the old one is untouched.
    const second = submitReport(desk, { reporter: { email: 'rae@example.net' }, reported: ['Lou Fenn'] });
    expect(registryRows(desk, 'Cases').map((c) => c['Case ID'])).toEqual([kase.caseId, second.caseId]);
  });
});

describe('rotating the link signing key', () => {
  test('deleting hmacCurrentKid and running setup adds a key; links already sent keep working', () => {
    const desk = startDesk({ members: [ANA, CY] });
    submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    const oldLink = newestLink(desk, ANA.email, 'no-conflict');
    const oldKid = desk.ws.properties().hmacCurrentKid;

    scriptProperties(desk).delete('hmacCurrentKid');
    const { text } = runSetup(desk);
    expect(text).toContain('Link signing key: created (kept in Script Properties, never shown)');
    const props = desk.ws.properties();
    expect(props.hmacCurrentKid).not.toBe(oldKid);
    expect(Object.keys(JSON.parse(props.hmacKeys)).sort()).toEqual([oldKid, props.hmacCurrentKid].sort());

    // New mail is signed with the new key; the old link still works.
    submitReport(desk, { reporter: { email: 'rae@example.net' }, reported: ['Lou Fenn'] });
    expect(newestLink(desk, ANA.email, 'no-conflict').claims.kid).toBe(props.hmacCurrentKid);
    expect(pageText(answerLink(desk, oldLink, 'no-conflict'))).toContain('You have access');
  });

  test('deleting both key properties and running setup makes every earlier link unusable, and nothing else changes', () => {
    const desk = startDesk({ members: [ANA, CY] });
    submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    const oldLink = newestLink(desk, CY.email, 'no-conflict');
    const clearancesBefore = registryRows(desk, 'Clearances');

    scriptProperties(desk).delete('hmacKeys');
    scriptProperties(desk).delete('hmacCurrentKid');
    runSetup(desk);
    expect(Object.keys(JSON.parse(desk.ws.properties().hmacKeys))).toEqual([desk.ws.properties().hmacCurrentKid]);

    const page = desk.ws.webGet(oldLink.url);
    desk.check();
    expect(page.title).toBe('Link not valid');
    expect(pageText(page)).toContain("This link can't be used");
    expect(registryRows(desk, 'Clearances')).toEqual(clearancesBefore);
  });
});

describe('the web app URL', () => {
  test('a /dev test URL is reported and never stored; the /exec URL the owner sets is kept', () => {
    const { desk, text, warnings } = startDeskWithUrl('https://script.google.com/macros/s/EMULATED/dev');
    expect(warnings.join('\n')).toMatch(/test URL .*\/dev, which only editors of the script can open/);
    expect(desk.ws.properties().webAppUrl).toBeUndefined();
    expect(text).toMatch(/Web app: not deployed/);

    scriptProperties(desk).set('webAppUrl', 'https://script.google.com/macros/s/EMULATED/exec');
    const again = runSetup(desk);
    expect(again.text).toContain('Web app: https://script.google.com/macros/s/EMULATED/exec (from Script Properties)');
    expect(desk.ws.properties().webAppUrl).toBe('https://script.google.com/macros/s/EMULATED/exec');
  });

  test('the /exec URL of the deployment is stored as it is', () => {
    const desk = startDesk({ members: [] });
    expect(desk.ws.properties().webAppUrl).toBe(desk.ws.webAppUrl);
    expect(desk.ws.webAppUrl).toMatch(/\/exec$/);
  });
});

describe('the web app URL seen in a web request', () => {
  const OLDER = 'https://script.google.com/macros/s/OLDER-DEPLOYMENT/exec';

  function deskReportingOlder(): Desk {
    const ws = Workspace.create({
      start: '2026-03-02T09:00:00Z',
      owner: OWNER,
      buildDir: privateBuildDir(),
      serviceUrlOutsideWeb: OLDER,
    });
    ws.loadBundle();
    const k = newKnowledge(ws);
    const result = ws.run('setup');
    if (result.record.outcome !== 'ok') throw new Error(`setup ended ${result.record.outcome}: ${result.record.error}`);
    const desk = deskFor(ws, k);
    desk.check();
    return desk;
  }

  test('outside a web request Apps Script reports an older deployment; the committee account opening the web app records the real one, and setup keeps it', () => {
    const desk = deskReportingOlder();
    // setup could only guess: it stored what Apps Script reported and said to open the address once.
    expect(desk.ws.properties().webAppUrl).toBe(OLDER);
    expect(
      desk.ws
        .logs()
        .map((l) => l.text)
        .join('\n'),
    ).toMatch(/Open that address once, signed in as the committee account/);

    const page = desk.ws.webGet(desk.ws.webAppUrl, { user: OWNER });
    desk.check();
    expect(page.title).toBe('Web app address recorded');
    expect(pageText(page)).toContain(desk.ws.webAppUrl);
    expect(desk.ws.properties().webAppUrl).toBe(desk.ws.webAppUrl);
    expect(desk.ws.properties().webAppUrlSeenAt).toBeTruthy();

    // Links now carry the deployment's address, and a re-run of setup does not put the guess back.
    addMember(desk, ANA);
    submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    expect(newestLink(desk, ANA.email, 'no-conflict').url.startsWith(`${desk.ws.webAppUrl}?`)).toBe(true);
    const again = runSetup(desk);
    expect(desk.ws.properties().webAppUrl).toBe(desk.ws.webAppUrl);
    expect(again.text).toContain(`Apps Script reports ${OLDER} here, but the committee account last opened`);
  });

  test('ADV-254 setup ran from the editor, which reports the /dev test URL, and a report arrives before the committee account opens the web app: no email carries a /dev link', () => {
    const DEV = 'https://script.google.com/macros/s/EMULATED/dev';
    const ws = Workspace.create({
      start: '2026-03-02T09:00:00Z',
      owner: OWNER,
      buildDir: privateBuildDir(),
      serviceUrlOutsideWeb: DEV,
    });
    ws.loadBundle();
    const k = newKnowledge(ws);
    expectOk(ws.run('setup'));
    const desk = deskFor(ws, k);
    desk.check();
    expect(desk.ws.properties().webAppUrl).toBeUndefined();
    // The owner types the committee in (welcome emails) and a report comes in (screening emails), from triggers.
    [ANA.name, ANA.email, 'voting', true].forEach((v, i) =>
      desk.ws.editCell(OWNER, desk.ids.status, 'Committee', 2, i + 1, v),
    );
    desk.members.push({ ...ANA });
    desk.k.people.push({ reported: [{ name: 'Sam Doe' }] });
    desk.ws.submitForm({ 'Who was involved?': 'Sam Doe', 'What happened?': 'Rude replies in the chat.' });
    // No link can be made yet, so the intake waits (invariant 6 holds again once the sweep finishes it, below).
    // Only the script's editors can open /dev (Deploy -> Test deployments): a member sent one has no way in.
    const devMail = desk.ws.mail().filter((m) => m.body.includes('/dev?t='));
    expect(devMail.map((m) => m.subject)).toEqual([]);
    // Once the committee account opens its /exec address, what was held goes out with links people can open.
    desk.ws.webGet(desk.ws.webAppUrl, { user: OWNER });
    sweep(desk);
    expect(newestLink(desk, ANA.email, 'record').url.startsWith(`${desk.ws.webAppUrl}?`)).toBe(true);
    expect(newestLink(desk, ANA.email, 'no-conflict').url.startsWith(`${desk.ws.webAppUrl}?`)).toBe(true);
    expect(desk.ws.mail().filter((m) => m.body.includes('/dev?t='))).toEqual([]);
  });

  test('ADV-577 the committee account, signed in to two Google accounts, opens the address Google rewrote to /macros/u/1/: links carry the address without the account index, which a member can open', () => {
    const desk = deskReportingOlder();
    const indexed = desk.ws.webAppUrl.replace('/macros/s/', '/macros/u/1/s/');
    // The index is the owner's browser's: anyone else following it meets Drive's page, not the desk.
    expect(desk.ws.webGet(`${indexed}?t=x`, { user: ANA.email }).title).toBe('Page not found');
    const page = desk.ws.webGet(indexed, { user: OWNER });
    desk.check();
    expect(page.title).toBe('Web app address recorded');
    expect(pageText(page)).not.toContain('/u/1/');
    expect(desk.ws.properties().webAppUrl).toBe(desk.ws.webAppUrl);

    addMember(desk, ANA);
    submitReport(desk, { reporter: { email: 'rita@example.net' }, reported: ['Sam Doe'] });
    const link = newestLink(desk, ANA.email, 'no-conflict');
    expect(link.url.startsWith(`${desk.ws.webAppUrl}?`)).toBe(true);
    expect(desk.ws.webGet(link.url, { user: ANA.email }).title).not.toBe('Page not found');
    expect(desk.ws.mail().filter((m) => m.body.includes('/u/1/'))).toEqual([]);
    desk.check();

    // An address with the index already stored (before this fix) or pasted by the owner into Script Properties.
    scriptProperties(desk).set('webAppUrl', indexed);
    addMember(desk, CY);
    const welcome = newestLink(desk, CY.email, 'record');
    expect(welcome.url.startsWith(`${desk.ws.webAppUrl}?`)).toBe(true);
    expect(desk.ws.webGet(welcome.url, { user: CY.email }).title).not.toBe('Page not found');
    desk.check();
  });

  test('a member opening the bare address, someone not signed in, or a link with a token record nothing', () => {
    const desk = deskReportingOlder();
    expect(desk.ws.webGet(desk.ws.webAppUrl, { user: ANA.email }).title).toBe('Link not valid');
    expect(desk.ws.webGet(desk.ws.webAppUrl).title).toBe('Link not valid');
    // The manifest's access is ANYONE: without a Google sign-in the app never runs.
    expect(desk.ws.webGet(desk.ws.webAppUrl, { user: null }).title).toBe('Sign in - Google Accounts');
    expect(desk.ws.webGet(`${desk.ws.webAppUrl}?t=x`, { user: OWNER }).title).toBe('Link not valid');
    desk.check();
    expect(desk.ws.properties().webAppUrl).toBe(OLDER);
    expect(desk.ws.properties().webAppUrlSeenAt).toBeUndefined();
  });
});

/** An installation whose web app reports `url` (the emulator serves the web app there). */
function startDeskWithUrl(url: string): { desk: Desk; text: string; warnings: string[] } {
  const ws = Workspace.create({
    start: '2026-03-02T09:00:00Z',
    owner: OWNER,
    buildDir: privateBuildDir(),
    webAppUrl: url,
  });
  ws.loadBundle();
  const k = newKnowledge(ws);
  const result = ws.run<{ warnings: string[] }>('setup');
  if (result.record.outcome !== 'ok') throw new Error(`setup ended ${result.record.outcome}: ${result.record.error}`);
  const desk = deskFor(ws, k);
  desk.check();
  return {
    desk,
    text: ws
      .logs()
      .map((l) => l.text)
      .join('\n'),
    warnings: result.value?.warnings ?? [],
  };
}
