// Conformance of the account's language: service errors reach the script in it (French texts from the translation tables of RomainVialard/ErrorHandler), English stays English, and nothing else changes.
import { Workspace } from '../../../workbench/emulator/workspace';
import { localizeMessage, type Locale } from '../../../workbench/emulator/locale';
import { OWNER, START, runError, runOk, writeBundle } from './test-helpers';

const BUNDLE = `
function mail(to) { MailApp.sendEmail({ to: to, subject: 'Hello', body: 'x' }); return MailApp.getRemainingDailyQuota(); }
function share(email) {
  var doc = DocumentApp.create('Calm Heron');
  Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: email }, doc.getId(), { sendNotificationEmail: false });
}
function open(id) { return DriveApp.getFileById(id).getName(); }
function ping() { return Session.getEffectiveUser().getEmail(); }
function language() { return Session.getActiveUserLocale(); }
`;

function workspace(locale: Locale | undefined, extra: Partial<Parameters<typeof Workspace.create>[0]> = {}) {
  const ws = Workspace.create({
    start: START,
    owner: OWNER,
    timeZone: 'Etc/UTC',
    buildDir: writeBundle(BUNDLE),
    ...(locale ? { locale } : {}),
    ...extra,
  });
  ws.loadBundle();
  return ws;
}

describe('locale: service errors in the account language', () => {
  // Session.getActiveUserLocale: "Gets the language setting of the current user as a string—for example, en for
  // English" (developers.google.com/apps-script/reference/base/session#getActiveUserLocale()).
  it('Session.getActiveUserLocale gives the account language: "fr" in French, "en" by default', () => {
    expect(runOk(workspace('fr'), 'language', [])).toBe('fr');
    expect(runOk(workspace(undefined), 'language', [])).toBe('en');
  });

  it('the daily mail quota, in French: "Trop d\'appels pour ce service aujourd\'hui : email."', () => {
    const ws = workspace('fr', { mailQuota: 1 });
    expect(runOk(ws, 'mail', ['a@example.net'])).toBe(0);
    expect(runError(ws, 'mail', ['b@example.net'])).toBe("Trop d'appels pour ce service aujourd'hui : email.");
  });

  it('the same quota in English by default', () => {
    const ws = workspace(undefined, { mailQuota: 1 });
    runOk(ws, 'mail', ['a@example.net']);
    expect(runError(ws, 'mail', ['b@example.net'])).toBe('Service invoked too many times for one day: email.');
  });

  it("an injected fault's English message is read in the account's language, the default server error too", () => {
    const ws = workspace('fr', {
      faults: [
        { call: 'MailApp.sendEmail', nth: 1, message: 'Service invoked too many times for one day: email.' },
        { call: 'MailApp.sendEmail', nth: 2 },
        { call: 'MailApp.sendEmail', nth: 3, message: 'Something only the test knows' },
      ],
    });
    expect(runError(ws, 'mail', ['a@example.net'])).toBe("Trop d'appels pour ce service aujourd'hui : email.");
    expect(runError(ws, 'mail', ['a@example.net'])).toBe(
      'Une erreur est survenue sur le serveur. Nous vous prions de nous en excuser et vous invitons à réessayer ultérieurement.',
    );
    expect(runError(ws, 'mail', ['a@example.net'])).toBe('Something only the test knows');
  });

  it("Drive's refusal of a silent share to an address without a Google account is not in English", () => {
    const ws = workspace('fr', { noGoogleAccount: ['nobody@nowhere.net'] });
    const message = runError(ws, 'share', ['nobody@nowhere.net']);
    expect(message).toContain('nobody@nowhere.net');
    expect(message).not.toMatch(/no Google account associated|Notify people/);
  });

  it('a missing file, in French', () => {
    expect(runError(workspace('fr'), 'open', ['nope'])).toBe(
      "Impossible de trouver l'élément correspondant à cet identifiant. Vous n'êtes peut-être pas autorisé à y accéder.",
    );
  });

  it('what succeeds is the same in every language', () => {
    expect(runOk(workspace('fr'), 'ping')).toBe(OWNER);
  });

  it('localizeMessage leaves unknown and already translated messages alone', () => {
    expect(localizeMessage('Invalid email: x@', 'fr')).toBe('E-mail incorrect : x@');
    expect(localizeMessage('E-mail incorrect : x@', 'fr')).toBe('E-mail incorrect : x@');
    expect(localizeMessage('Invalid email: x@', 'en')).toBe('Invalid email: x@');
    expect(localizeMessage('Anything else', 'fr')).toBe('Anything else');
  });
});
