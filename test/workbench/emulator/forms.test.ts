// Conformance tests for the emulated FormApp: items, settings, responses, destinations and the form-submit event shape.

import { createTestWorld, messageOf, OWNER, type DataGlobals, type TestWorld } from './data-test-helpers';
import { ONE_RESPONSE_REFUSAL, RESTRICTED_FORM_REFUSAL, SIGN_IN_REFUSAL } from '../../../workbench/emulator/forms';

const ANA = 'ana@example.org';

/** A small report form, published and open: text, paragraph, multiple choice (with Other), list and checkbox items. */
function createReportForm(t: TestWorld): string {
  return t.run((g) => {
    const form = g.FormApp.create('Report an incident');
    form.setPublished(true).setAcceptingResponses(true);
    g.Drive.Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, form.getId());
    form.addTextItem().setTitle('Your name');
    form.addParagraphTextItem().setTitle('What happened?').setRequired(true);
    form
      .addMultipleChoiceItem()
      .setTitle('Where did it happen?')
      .setChoiceValues(['Discourse', 'Conference'])
      .showOtherOption(true);
    form.addListItem().setTitle('Is anyone in immediate danger?').setChoiceValues(['No', 'Yes']);
    form.addCheckboxItem().setTitle('Were there witnesses?').setChoiceValues(['Yes', 'Maybe']);
    return form.getId();
  });
}

function form(g: DataGlobals, id: string): GoogleAppsScript.Forms.Form {
  return g.FormApp.openById(id);
}

describe('FormApp.create and Form', () => {
  it('creates a form with id, title, edit URL and a published /d/e/<id>/viewform URL', () => {
    const t = createTestWorld();
    const info = t.run((g) => {
      const f = g.FormApp.create('Report');
      return { id: f.getId(), title: f.getTitle(), edit: f.getEditUrl(), published: f.getPublishedUrl() };
    });
    expect(info.id).toMatch(/^1[0-9A-Za-z]{43}$/);
    expect(info.title).toBe('Report');
    expect(info.edit).toBe(`https://docs.google.com/forms/d/${info.id}/edit`);
    expect(info.published).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/1FAIpQLS[0-9A-Za-z]{48}\/viewform$/);
  });

  it('openById refuses a user without access', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(() => t.run((g) => form(g, id), ANA)).toThrow(
      'You do not have permissions to access the requested document.',
    );
  });

  it('setTitle and setDescription change the form', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(
      t.run((g) => {
        const f = form(g, id).setTitle('New').setDescription('Tell us');
        return [f.getTitle(), f.getDescription()];
      }),
    ).toEqual(['New', 'Tell us']);
  });

  it('addEditor/removeEditor/getEditors (owner included)', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const result = t.run((g) => {
      const f = form(g, id);
      f.addEditor(ANA);
      const added = f.getEditors().map((u) => u.getEmail());
      f.removeEditor(ANA);
      return [added, f.getEditors().map((u) => u.getEmail())];
    });
    expect(result).toEqual([[OWNER, ANA], [OWNER]]);
  });

  it('settings round-trip: collect email, publishing summary, response edits, one response, confirmation, accepting', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const defaults = t.run((g) => {
      const f = form(g, id);
      return [
        f.collectsEmail(),
        f.isPublishingSummary(),
        f.canEditResponse(),
        f.hasLimitOneResponsePerUser(),
        f.isAcceptingResponses(),
      ];
    });
    const changed = t.run((g) => {
      const f = form(g, id)
        .setCollectEmail(true)
        .setPublishingSummary(true)
        .setAllowResponseEdits(true)
        .setLimitOneResponsePerUser(true)
        .setConfirmationMessage('Thanks')
        .setAcceptingResponses(false);
      return [
        f.collectsEmail(),
        f.isPublishingSummary(),
        f.canEditResponse(),
        f.hasLimitOneResponsePerUser(),
        f.isAcceptingResponses(),
        f.getConfirmationMessage(),
      ];
    });
    expect(defaults).toEqual([false, false, false, false, true]);
    expect(changed).toEqual([true, true, true, true, false, 'Thanks']);
  });
});

describe('Items', () => {
  it('typed items carry title, help text, required flag, type and a numeric id', () => {
    const t = createTestWorld();
    const info = t.run((g) => {
      const item = g.FormApp.create('F').addTextItem().setTitle('Your name').setHelpText('optional').setRequired(true);
      return [item.getTitle(), item.getHelpText(), item.isRequired(), String(item.getType()), typeof item.getId()];
    });
    expect(info).toEqual(['Your name', 'optional', true, 'TEXT', 'number']);
  });

  it('choice items keep their choices and Other option', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const info = t.run((g) => {
      const mc = form(g, id).getItems(g.FormApp.ItemType.MULTIPLE_CHOICE)[0].asMultipleChoiceItem();
      return [mc.getChoices().map((c) => c.getValue()), mc.hasOtherOption()];
    });
    expect(info).toEqual([['Discourse', 'Conference'], true]);
  });

  it('getItems lists items in form order with their types', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(
      t.run((g) =>
        form(g, id)
          .getItems()
          .map((i) => `${String(i.getType())}:${i.getTitle()}`),
      ),
    ).toEqual([
      'TEXT:Your name',
      'PARAGRAPH_TEXT:What happened?',
      'MULTIPLE_CHOICE:Where did it happen?',
      'LIST:Is anyone in immediate danger?',
      'CHECKBOX:Were there witnesses?',
    ]);
  });

  it('deleteItem and moveItem reorder the form', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const titles = t.run((g) => {
      const f = form(g, id);
      f.deleteItem(0);
      f.moveItem(3, 0);
      return f.getItems().map((i) => i.getTitle());
    });
    expect(titles).toEqual([
      'Were there witnesses?',
      'What happened?',
      'Where did it happen?',
      'Is anyone in immediate danger?',
    ]);
  });

  it("an editor's change in the Forms editor: a question's help text rewritten, a question deleted; others refused", () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    t.world.ui.editFormItem(OWNER, id, 'What happened?', { helpText: 'In your words.' });
    t.world.ui.editFormItem(OWNER, id, 'Your name', { remove: true });
    const items = t.world.forms().find((f) => f.id === id)!.items;
    expect(items.map((i) => i.title)).not.toContain('Your name');
    expect(items.find((i) => i.title === 'What happened?')?.helpText).toBe('In your words.');
    expect(t.run((g) => form(g, id).getItems()[0].getHelpText())).toBe('In your words.');
    expect(() => t.world.ui.editFormItem(ANA, id, 'What happened?', { remove: true })).toThrow();
    expect(() => t.world.ui.editFormItem(OWNER, id, 'No such question', { remove: true })).toThrow(/no question/);
  });

  it('casting an item to the wrong type throws', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(t.run((g) => messageOf(() => form(g, id).getItems()[0].asCheckboxItem()))).toBe(
      'Invalid conversion for item type: TEXT.',
    );
  });
});

describe('Destinations', () => {
  it('getDestinationId throws when no destination is set', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(t.run((g) => messageOf(() => form(g, id).getDestinationId()))).toBe('No response destination set');
  });

  it('setDestination links a spreadsheet: a "Form Responses 1" tab gets the header and every response', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const ssId = t.run((g) => {
      const ss = g.SpreadsheetApp.create('Responses');
      form(g, id).setDestination(g.FormApp.DestinationType.SPREADSHEET, ss.getId());
      return ss.getId();
    });
    t.world.ui.submitForm(id, { 'What happened?': 'Rude remark', 'Were there witnesses?': ['Yes', 'Maybe'] });
    expect(t.run((g) => [form(g, id).getDestinationId(), String(form(g, id).getDestinationType())])).toEqual([
      ssId,
      'SPREADSHEET',
    ]);
    const rows = t.world.sheet(ssId, 'Form Responses 1').rows;
    expect(rows[0]).toEqual([
      'Timestamp',
      'Your name',
      'What happened?',
      'Where did it happen?',
      'Is anyone in immediate danger?',
      'Were there witnesses?',
    ]);
    expect(rows[1].slice(1)).toEqual(['', 'Rude remark', '', '', 'Yes, Maybe']);
  });

  it('removeDestination unlinks the form', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const message = t.run((g) => {
      const f = form(g, id);
      f.setDestination(g.FormApp.DestinationType.SPREADSHEET, g.SpreadsheetApp.create('R').getId());
      f.removeDestination();
      return messageOf(() => f.getDestinationId());
    });
    expect(message).toBe('No response destination set');
  });
});

describe('Responses', () => {
  it('ui.submitForm stores a response: String id, Date timestamp, respondent email "" unless collected', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const submittedAt = t.rt.now();
    const responseId = t.world.ui.submitForm(id, { 'What happened?': 'x' }, 'reporter@example.net');
    const info = t.run((g) => {
      const r = form(g, id).getResponses()[0];
      return { id: r.getId(), timestamp: r.getTimestamp(), email: r.getRespondentEmail() };
    });
    expect(info.id).toBe(responseId);
    expect(typeof info.id).toBe('string');
    expect(info.timestamp).toEqual(new Date(submittedAt));
    expect(info.email).toBe('');
  });

  it('getRespondentEmail returns the address when the form collects emails', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    t.run((g) => form(g, id).setCollectEmail(true));
    const responseId = t.world.ui.submitForm(id, { 'What happened?': 'x' }, 'reporter@example.net');
    expect(t.run((g) => form(g, id).getResponse(responseId).getRespondentEmail())).toBe('reporter@example.net');
  });

  it('getItemResponses: form order, unanswered text items included as "", other unanswered items omitted, checkboxes as arrays', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const responseId = t.world.ui.submitForm(id, {
      'Were there witnesses?': ['Yes'],
      'What happened?': 'A rude remark',
      'Where did it happen?': 'Discourse',
    });
    const answers = t.run((g) =>
      form(g, id)
        .getResponse(responseId)
        .getItemResponses()
        .map((r) => [r.getItem().getTitle(), r.getResponse()]),
    );
    expect(answers).toEqual([
      ['Your name', ''],
      ['What happened?', 'A rude remark'],
      ['Where did it happen?', 'Discourse'],
      ['Were there witnesses?', ['Yes']],
    ]);
  });

  it('a multiple-choice item with Other accepts a free answer; a list item refuses one', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x', 'Where did it happen?': 'Matrix' })).not.toThrow();
    expect(() =>
      t.world.ui.submitForm(id, { 'What happened?': 'x', 'Is anyone in immediate danger?': 'Perhaps' }),
    ).toThrow('is not a choice');
  });

  it('refuses submissions that miss a required item or reach a closed form', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(() => t.world.ui.submitForm(id, { 'Your name': 'Sam' })).toThrow('required question "What happened?"');
    t.run((g) => form(g, id).setAcceptingResponses(false));
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow(
      'This form is no longer accepting responses.',
    );
  });

  it('"limit to 1 response": a respondent must be signed in, and answers once per account', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    t.run((g) => form(g, id).setLimitOneResponsePerUser(true));
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow(SIGN_IN_REFUSAL);
    t.world.ui.submitForm(id, { 'What happened?': 'x' }, 'reporter@example.net');
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'y' }, 'Reporter@example.net')).toThrow(
      ONE_RESPONSE_REFUSAL,
    );
    // The account is not the respondent's address: it is shown only when the form collects addresses.
    expect(t.run((g) => form(g, id).getResponses()[0].getRespondentEmail())).toBe('');
    t.run((g) => form(g, id).setLimitOneResponsePerUser(false));
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'z' })).not.toThrow();
  });

  it("ui.submitForm never starts an execution (triggers are the facade's job)", () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const before = t.rt.executions.length;
    t.world.ui.submitForm(id, { 'What happened?': 'x' });
    expect(t.rt.executions.length).toBe(before);
  });

  it('getResponse with an unknown id throws', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(t.run((g) => messageOf(() => form(g, id).getResponse('2_nope')))).toBe(
      'No response with ID 2_nope exists for this form.',
    );
  });
});

// Forms created through Google's APIs after 30 June 2026 start unpublished and "won't receive responses" until
// published (https://developers.google.com/workspace/forms/api/guides/api-changes-to-google-forms); while a form
// is unpublished its PublishState.isAcceptingResponses "is forced to false"
// (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms#publishstate).
describe('Publishing', () => {
  function unpublishedForm(t: TestWorld): string {
    return t.run((g) => {
      const f = g.FormApp.create('Report');
      f.addParagraphTextItem().setTitle('What happened?');
      return f.getId();
    });
  }

  it('a new form is unpublished and not accepting responses; a respondent cannot submit it', () => {
    const t = createTestWorld();
    const id = unpublishedForm(t);
    const state = t.run((g) => [
      form(g, id).supportsAdvancedResponderPermissions(),
      form(g, id).isPublished(),
      form(g, id).isAcceptingResponses(),
    ]);
    expect(state).toEqual([true, false, false]);
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow('not published');
    expect(t.world.forms()[0].responses).toHaveLength(0);
  });

  it('setAcceptingResponses(true) has no effect while the form is unpublished', () => {
    const t = createTestWorld();
    const id = unpublishedForm(t);
    expect(t.run((g) => form(g, id).setAcceptingResponses(true).isAcceptingResponses())).toBe(false);
  });

  it('publishing alone leaves it closed; published and accepting, it takes responses', () => {
    const t = createTestWorld();
    const id = unpublishedForm(t);
    expect(t.run((g) => form(g, id).setPublished(true).isAcceptingResponses())).toBe(false);
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow(
      'This form is no longer accepting responses.',
    );
    t.run((g) => form(g, id).setAcceptingResponses(true));
    t.run((g) => g.Drive.Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, id));
    expect(t.world.ui.submitForm(id, { 'What happened?': 'x' })).toEqual(expect.any(String));
    expect(t.world.forms()[0].settings).toMatchObject({ published: true, acceptingResponses: true });
  });

  it('published and accepting, it is Restricted until "Anyone with the link" is a responder (Drive view `published`)', () => {
    const t = createTestWorld();
    const id = unpublishedForm(t);
    t.run((g) => form(g, id).setPublished(true).setAcceptingResponses(true));
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow(RESTRICTED_FORM_REFUSAL);
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' }, 'reporter@example.net')).toThrow(
      RESTRICTED_FORM_REFUSAL,
    );
    // Its owner (an editor) may answer it.
    expect(t.world.ui.submitForm(id, { 'What happened?': 'x' }, OWNER)).toEqual(expect.any(String));
    const responders = () =>
      t.run((g) =>
        g.Drive.Permissions.list(id, {
          fields: 'permissions(id,type,role,view)',
          includePermissionsForView: 'published',
        }).permissions!.filter((p) => p.view === 'published'),
      );
    expect(responders()).toEqual([]);
    const made = t.run((g) => g.Drive.Permissions.create({ type: 'anyone', role: 'reader', view: 'published' }, id));
    expect(made).toMatchObject({ type: 'anyone', role: 'reader', view: 'published' });
    expect(responders()).toEqual([{ id: made.id, type: 'anyone', role: 'reader', view: 'published' }]);
    // Not a sharing of the file: listed only for the view, and nobody may open the Form's editor through it.
    expect(t.run((g) => g.Drive.Permissions.list(id, { fields: 'permissions(type)' }).permissions)).toEqual([
      { type: 'user' },
    ]);
    expect(t.world.ui.submitForm(id, { 'What happened?': 'x' })).toEqual(expect.any(String));
    t.run((g) => g.Drive.Permissions.remove(id, made.id!));
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow(RESTRICTED_FORM_REFUSAL);
    expect(() =>
      t.run((g) =>
        g.Drive.Permissions.create(
          { type: 'user', role: 'reader', view: 'published', emailAddress: 'a@example.org' },
          id,
        ),
      ),
    ).toThrow();
  });

  it('unpublishing forces accepting responses to false', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(t.run((g) => form(g, id).setPublished(false).isAcceptingResponses())).toBe(false);
    expect(t.run((g) => form(g, id).setPublished(true).isAcceptingResponses())).toBe(false);
  });

  it('a consumer form never requires login and cannot be made to', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    expect(t.run((g) => form(g, id).requiresLogin())).toBe(false);
    expect(t.run((g) => messageOf(() => form(g, id).setRequireLogin(true)))).toBe('Invalid argument: requireLogin');
  });

  it('a Workspace form starts limited to its domain until setRequireLogin(false)', () => {
    const t = createTestWorld({ profile: 'workspace' });
    const id = createReportForm(t);
    expect(t.run((g) => form(g, id).requiresLogin())).toBe(true);
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' }, 'reporter@example.net')).toThrow(
      "owner's domain",
    );
    expect(() => t.world.ui.submitForm(id, { 'What happened?': 'x' })).toThrow("owner's domain");
    expect(t.world.ui.submitForm(id, { 'What happened?': 'x' }, `colleague@${OWNER.split('@')[1]}`)).toEqual(
      expect.any(String),
    );
    t.run((g) => form(g, id).setRequireLogin(false));
    expect(t.world.ui.submitForm(id, { 'What happened?': 'x' })).toEqual(expect.any(String));
  });
});

describe('Form-submit events', () => {
  it("formSubmitEvent has authMode, triggerUid, response and source, like the Form trigger's event", () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const responseId = t.world.ui.submitForm(id, { 'What happened?': 'x' });
    const event = t.world.formSubmitEvent(id, responseId, 'trigger-1') as GoogleAppsScript.Events.FormsOnFormSubmit;
    expect(Object.keys(event).sort()).toEqual(['authMode', 'response', 'source', 'triggerUid']);
    expect(String(event.authMode)).toBe('FULL');
    expect(event.triggerUid).toBe('trigger-1');
    expect(t.run(() => [event.response.getId(), event.source.getId()])).toEqual([responseId, id]);
  });

  it('blankFormSubmitEvent carries a fresh response id and no item responses', () => {
    const t = createTestWorld();
    const id = createReportForm(t);
    const responseId = t.world.ui.submitForm(id, { 'What happened?': 'x' });
    const event = t.world.blankFormSubmitEvent(id, 'trigger-1') as GoogleAppsScript.Events.FormsOnFormSubmit;
    const info = t.run((g) => ({
      id: event.response.getId(),
      items: event.response.getItemResponses().length,
      stored: form(g, id).getResponses().length,
    }));
    expect(info.id).not.toBe(responseId);
    expect(info.items).toBe(0);
    expect(info.stored).toBe(1);
  });
});
