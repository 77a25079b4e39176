// The committee's own words through the built bundle: the Settings rows `Committee name` and `Community name` reach the Form's texts (set when setup creates the Form, and never over a committee's own wording), the mail and its sender name, and every page.
import { formConfirmation, formDescription } from '../../src/core/report';
import { ANA, OWNER, expectOk, newestLink, open, setSetting, startDesk, submitReport, type Desk } from './desk';

const NAMES = { committee: 'Quillfeather Conduct Team', community: 'the Quillfeather project' };
const DEFAULTS = { committee: 'Code of Conduct committee', community: 'our community' };

function formTexts(desk: Desk): { description: string; confirmation: string } {
  const form = desk.ws.data.forms().find((f) => f.id === desk.ids.form)!;
  return { description: String(form.settings.description), confirmation: String(form.settings.confirmationMessage) };
}

function setNames(desk: Desk): void {
  setSetting(desk, 'Committee name', NAMES.committee);
  setSetting(desk, 'Community name', NAMES.community);
}

function rerunSetup(desk: Desk): string[] {
  const lines = [...expectOk(desk.ws.run<{ lines: string[] }>('setup')).value!.lines];
  desk.check();
  return lines;
}

describe("the committee's own words", () => {
  test('setup writes both Settings rows with their defaults, and the new Form says them', () => {
    const desk = startDesk();
    const settings = desk.ws.data.sheet(desk.ids.status, 'Settings').rows;
    expect(settings.find((r) => r[0] === 'Committee name')?.[1]).toBe(DEFAULTS.committee);
    expect(settings.find((r) => r[0] === 'Community name')?.[1]).toBe(DEFAULTS.community);
    expect(formTexts(desk)).toEqual({
      description: formDescription(DEFAULTS),
      confirmation: formConfirmation(DEFAULTS),
    });
    expect(formTexts(desk).description).toContain('Only members of the Code of Conduct committee');
  });

  test("new names reach the Form's texts at the next setup while nobody has rewritten them", () => {
    const desk = startDesk();
    setNames(desk);
    const lines = rerunSetup(desk).join('\n');
    expect(formTexts(desk)).toEqual({ description: formDescription(NAMES), confirmation: formConfirmation(NAMES) });
    expect(formTexts(desk).confirmation).toContain('Your report has reached the Quillfeather Conduct Team.');
    expect(lines).toMatch(/updated the Form's description to the names in Settings/);
    // In order afterwards: a second run changes nothing.
    expect(rerunSetup(desk).join('\n')).not.toMatch(/updated the Form's/);
  });

  test("a committee's own description and confirmation in Forms are never overwritten, whatever setup runs see", () => {
    const desk = startDesk();
    const edited = desk.ws.runInProcess(() => {
      const form = FormApp.openById(desk.ids.form);
      form.setDescription('Tell the Quillfeather stewards what happened. We read every word.');
      form.setConfirmationMessage('Thank you: the stewards have it.');
    });
    expect(edited.error).toBeUndefined();
    rerunSetup(desk);
    setNames(desk);
    const lines = rerunSetup(desk).join('\n');
    expect(formTexts(desk)).toEqual({
      description: 'Tell the Quillfeather stewards what happened. We read every word.',
      confirmation: 'Thank you: the stewards have it.',
    });
    expect(lines).not.toMatch(/updated the Form's/);
  });

  test('mail is signed and sent in the names from Settings, and pages carry the committee name', () => {
    const desk = startDesk({ members: [ANA] });
    setNames(desk);
    submitReport(desk, {
      reporter: { name: 'Pim Ostrander', email: 'pim@example.net' },
      reported: ['Zed Quorrin'],
    });
    const receipt = desk.ws.mailTo('pim@example.net')[0];
    expect(receipt.body).toContain('Thank you for writing to the Quillfeather Conduct Team.');
    // Signed last, before the opaque reference a reply is matched by (src/core/replies.ts).
    expect(receipt.body).toMatch(/With care,\nthe Quillfeather Conduct Team\n\nRef\. [0-9a-f]{16}$/);
    expect(receipt.name).toBe('Quillfeather Conduct Team');
    const screening = desk.ws.mailTo(ANA.email).find((m) => /conflict/i.test(m.subject))!;
    expect(screening.name).toBe('Quillfeather Conduct Team');
    const visit = open(desk, newestLink(desk, ANA.email, 'no-conflict').url);
    expect(visit.response.body).toContain('<span class="name">Quillfeather Conduct Team</span>');
    expect(desk.ws.mailTo(OWNER).every((m) => m.name === 'Quillfeather Conduct Team')).toBe(true);
  });
});
