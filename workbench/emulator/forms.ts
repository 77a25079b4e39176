// Emulated Google Forms: the form store (items, settings, responses, linked response sheets) and FormApp with Form, items, FormResponse and ItemResponse.

import { GasException, guard } from './runtime';
import type { FormAnswers, FormSnapshot } from './contracts';
import { createEnum, MESSAGES, type DataContext } from './data-core';
import { createSharingMembers, type DriveItem, type DriveStore } from './drive';
import type { SheetsStore, SheetRecord } from './sheets';

export const ITEM_TYPES = [
  'CHECKBOX',
  'CHECKBOX_GRID',
  'DATE',
  'DATETIME',
  'DURATION',
  'GRID',
  'IMAGE',
  'LIST',
  'MULTIPLE_CHOICE',
  'PAGE_BREAK',
  'PARAGRAPH_TEXT',
  'SCALE',
  'SECTION_HEADER',
  'TEXT',
  'TIME',
  'VIDEO',
  'FILE_UPLOAD',
  'RATING',
] as const;
export type ItemKind = 'TEXT' | 'PARAGRAPH_TEXT' | 'MULTIPLE_CHOICE' | 'LIST' | 'CHECKBOX';

const CLASS_OF: Record<ItemKind, string> = {
  TEXT: 'TextItem',
  PARAGRAPH_TEXT: 'ParagraphTextItem',
  MULTIPLE_CHOICE: 'MultipleChoiceItem',
  LIST: 'ListItem',
  CHECKBOX: 'CheckboxItem',
};

interface ItemRecord {
  id: number;
  type: ItemKind;
  title: string;
  helpText: string;
  required: boolean;
  choices: string[];
  otherOption: boolean;
}

interface ResponseRecord {
  id: string;
  timestamp: number;
  email: string;
  answers: Map<number, string | string[]>;
  /** The blank duplicate events of Nov 2019 carried no item responses at all. */
  phantom?: boolean;
  /** The Google account the respondent was signed in to (the world's record, never shown unless collected). */
  account?: string;
}

interface FormSettings {
  description: string;
  collectEmail: boolean;
  publishingSummary: boolean;
  allowResponseEdits: boolean;
  limitOneResponsePerUser: boolean;
  acceptingResponses: boolean;
  confirmationMessage: string;
  /** Publish state (see `FormsStore.create`). */
  published: boolean;
  /** Workspace accounts: responders must sign in to an account of the owner's domain. */
  requireLogin: boolean;
}

/**
 * What a respondent meets at an unpublished form's link. Google does not document the page's wording: the API
 * guide says only that such a form "won't receive responses", so the emulator refuses the submission with its own
 * text (nothing reaches the Form), and nothing may depend on these words.
 */
export const UNPUBLISHED_FORM_REFUSAL = 'Emulator: the form is not published, so it cannot be opened or answered';
/**
 * A published Form without its "Anyone with the link" responder (drive.ts `anyoneResponds`) is "Restricted": only the
 * people it is shared with may answer (Forms API guide "Publish and manage responders"). Wording undocumented.
 */
export const RESTRICTED_FORM_REFUSAL = 'Emulator: only people this form is shared with can answer it (Restricted)';
/** A form restricted to its domain asks anyone else to sign in with an account of that domain (wording undocumented). */
export const DOMAIN_ONLY_REFUSAL = "Emulator: only signed-in users of the form owner's domain can answer this form";
/**
 * "Limit to 1 response" makes respondents sign in to a Google account, and takes one response per account: the
 * settings panel says "Respondents will be required to sign in to Google", and Form.setLimitOneResponsePerUser "Sets
 * whether the form allows only one response per respondent"
 * (https://developers.google.com/apps-script/reference/forms/form#setlimitoneresponseperuserenabled). ❓ the pages'
 * wording: the emulator's own. A reporter without a Google account, or reporting a second time, cannot report.
 */
export const SIGN_IN_REFUSAL = 'Emulator: sign in to a Google account to answer this form (limit to 1 response)';
export const ONE_RESPONSE_REFUSAL = 'Emulator: you have already responded (limit to 1 response)';

interface FormRecord {
  id: string;
  item: DriveItem;
  title: string;
  publishedId: string;
  items: ItemRecord[];
  responses: ResponseRecord[];
  /** Every response ever submitted, deleted ones too: the world's record (the checker's), not the Form's. */
  submitted: ResponseRecord[];
  settings: FormSettings;
  destination?: { type: 'SPREADSHEET'; id: string; sheet: SheetRecord };
}

export class FormsStore {
  readonly forms = new Map<string, FormRecord>();

  constructor(
    readonly ctx: DataContext,
    readonly drive: DriveStore,
    readonly sheets: SheetsStore,
  ) {}

  create(title: string, owner: string): FormRecord {
    const item = this.drive.create('form', title, owner);
    const form: FormRecord = {
      id: item.id,
      item,
      title,
      publishedId: this.ctx.nextPublishedFormId(),
      items: [],
      responses: [],
      submitted: [],
      settings: {
        description: '',
        collectEmail: false,
        publishingSummary: false,
        allowResponseEdits: false,
        limitOneResponsePerUser: false,
        // Forms created through Google's APIs after 30 June 2026 start unpublished and "won't receive responses"
        // until published (Forms API guide "API changes to Google Forms",
        // https://developers.google.com/workspace/forms/api/guides/api-changes-to-google-forms). The emulator
        // models the platform as it is now whatever date a rehearsal's clock shows. PublishState.isAcceptingResponses:
        // "If is_published is set to false, this field is forced to false"
        // (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms#publishstate), so a new form
        // accepts nothing either, and publishing alone does not open it (the stricter reading).
        acceptingResponses: false,
        confirmationMessage: '',
        published: false,
        // Form.setRequireLogin: "The default is false unless a domain administrator changes the default"; only
        // Workspace accounts have it (https://developers.google.com/apps-script/reference/forms/form#setrequireloginrequirelogin).
        // A Workspace account here has the administrator's common choice, restricted, the stricter case.
        requireLogin: this.ctx.profile === 'workspace',
      },
    };
    this.forms.set(form.id, form);
    return form;
  }

  /** Publish state, the accepting switch and the domain restriction, with the rules the Form methods follow. */
  setResponding(
    form: FormRecord,
    change: { published?: boolean; acceptingResponses?: boolean; requireLogin?: boolean; anyoneResponds?: boolean },
  ): void {
    if (change.anyoneResponds !== undefined) {
      form.item.anyoneResponds = change.anyoneResponds;
      this.drive.noteChange(form.item);
    }
    if (change.published !== undefined) {
      form.settings.published = change.published;
      if (!change.published) form.settings.acceptingResponses = false;
    }
    if (change.acceptingResponses !== undefined)
      form.settings.acceptingResponses = change.acceptingResponses && form.settings.published;
    if (change.requireLogin !== undefined) {
      if (this.ctx.profile !== 'workspace') throw new Error('Emulator: only Workspace forms can require login');
      form.settings.requireLogin = change.requireLogin;
    }
  }

  find(id: string): FormRecord {
    const form = this.forms.get(id);
    if (!form) throw new Error(`Emulator: no form ${id}`);
    return form;
  }

  /**
   * A respondent submitting the form in a browser. Answers are keyed by item title; omitted items stay
   * unanswered. Validates like the live form (required items, choices). Never fires triggers.
   */
  submit(formId: string, answers: FormAnswers, respondentEmail?: string): string {
    const form = this.find(formId);
    if (!form.settings.published) throw new Error(UNPUBLISHED_FORM_REFUSAL);
    if (!form.settings.acceptingResponses) throw new GasException('This form is no longer accepting responses.');
    if (!form.item.anyoneResponds && !(respondentEmail && this.drive.canWrite(respondentEmail, form.item)))
      throw new Error(RESTRICTED_FORM_REFUSAL);
    if (form.settings.requireLogin && (!respondentEmail || domainOf(respondentEmail) !== domainOf(form.item.owner)))
      throw new Error(DOMAIN_ONLY_REFUSAL);
    const account = respondentEmail?.toLowerCase();
    if (form.settings.limitOneResponsePerUser) {
      if (!account) throw new Error(SIGN_IN_REFUSAL);
      if (form.submitted.some((r) => r.account === account)) throw new Error(ONE_RESPONSE_REFUSAL);
    }
    const byTitle = new Map(form.items.map((i) => [i.title, i]));
    const stored = new Map<number, string | string[]>();
    for (const [title, raw] of Object.entries(answers)) {
      const item = byTitle.get(title);
      if (!item) throw new Error(`Emulator: form ${formId} has no item titled "${title}"`);
      const value = normaliseAnswer(item, raw);
      if (value !== undefined) stored.set(item.id, value);
    }
    for (const item of form.items) {
      if (item.required && !stored.has(item.id))
        throw new Error(`Emulator: required question "${item.title}" was not answered`);
    }
    const response: ResponseRecord = {
      id: this.ctx.nextResponseId(),
      timestamp: this.ctx.rt.now(),
      email: form.settings.collectEmail ? (respondentEmail ?? '') : '',
      answers: stored,
      account,
    };
    form.responses.push(response);
    form.submitted.push(response);
    if (form.destination) this.sheets.appendDirect(form.destination.sheet, this.destinationRow(form, response));
    // ❓ Whether a response lists the Form in its owner's change log is not documented: listed (the stricter case for
    // an audit that checks every file the feed lists), as the change overview's "content or metadata" reads.
    this.drive.noteContentChange(form.item);
    return response.id;
  }

  /** The row Google writes to a linked response sheet: timestamp, [email], then one column per item. */
  destinationRow(form: FormRecord, response: ResponseRecord): unknown[] {
    const row: unknown[] = [new Date(response.timestamp)];
    if (form.settings.collectEmail) row.push(response.email);
    for (const item of form.items) {
      const answer = response.answers.get(item.id);
      row.push(Array.isArray(answer) ? answer.join(', ') : (answer ?? ''));
    }
    return row;
  }

  destinationHeader(form: FormRecord): string[] {
    return ['Timestamp', ...(form.settings.collectEmail ? ['Email Address'] : []), ...form.items.map((i) => i.title)];
  }

  snapshot(form: FormRecord): FormSnapshot {
    const titles = new Map(form.items.map((i) => [i.id, i.title]));
    const snapshotOf = (r: ResponseRecord) => ({
      id: r.id,
      timestamp: new Date(r.timestamp).toISOString(),
      answers: Object.fromEntries(
        [...r.answers].map(([id, v]) => [titles.get(id) ?? String(id), Array.isArray(v) ? [...v] : v]),
      ),
    });
    return {
      id: form.id,
      title: form.title,
      items: form.items.map((i) => ({
        id: i.id,
        title: i.title,
        type: i.type,
        required: i.required,
        helpText: i.helpText,
        ...(i.type === 'TEXT' || i.type === 'PARAGRAPH_TEXT' ? {} : { choices: [...i.choices] }),
      })),
      responses: form.responses.map(snapshotOf),
      submitted: form.submitted.map(snapshotOf),
      settings: {
        ...form.settings,
        destinationId: form.destination?.id ?? null,
        destinationType: form.destination?.type ?? null,
      },
      editors: [...form.item.editors],
    };
  }
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function normaliseAnswer(item: ItemRecord, raw: string | string[]): string | string[] | undefined {
  if (item.type === 'CHECKBOX') {
    const values = (Array.isArray(raw) ? raw : [raw]).map(String).filter((v) => v !== '');
    for (const v of values) {
      if (!item.choices.includes(v) && !item.otherOption)
        throw new Error(`Emulator: "${v}" is not a choice of "${item.title}"`);
    }
    return values.length ? values : undefined;
  }
  const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
  if (value === '') return undefined;
  if (
    (item.type === 'MULTIPLE_CHOICE' || item.type === 'LIST') &&
    !item.choices.includes(value) &&
    !(item.type === 'MULTIPLE_CHOICE' && item.otherOption)
  ) {
    throw new Error(`Emulator: "${value}" is not a choice of "${item.title}"`);
  }
  return value;
}

export class FormServices {
  constructor(
    readonly ctx: DataContext,
    readonly store: FormsStore,
    readonly drive: DriveStore,
    readonly sheets: SheetsStore,
  ) {}

  createFormApp(): unknown {
    const ctx = this.ctx;
    const app = {
      ItemType: createEnum(ITEM_TYPES),
      DestinationType: createEnum(['SPREADSHEET'] as const),
      create: (title: string) =>
        ctx.call(
          'FormApp.create',
          () => this.formApi(this.store.create(String(title), ctx.user('FormApp.create'))),
          true,
        ),
      openById: (id: string) =>
        ctx.call('FormApp.openById', () => {
          const item = this.drive.requireOpenable(id, ctx.user('FormApp.openById'), 'form');
          return this.formApi(this.store.forms.get(item.id)!);
        }),
      openByUrl: (url: string) =>
        ctx.call('FormApp.openByUrl', () => {
          const id = /\/forms\/d\/([A-Za-z0-9_-]+)/.exec(String(url))?.[1];
          const form = id === 'e' ? undefined : id;
          if (!form) throw new GasException('Invalid argument: url');
          const item = this.drive.requireOpenable(form, ctx.user('FormApp.openByUrl'), 'form');
          return this.formApi(this.store.forms.get(item.id)!);
        }),
      getActiveForm: () => ctx.call('FormApp.getActiveForm', () => null),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.FormApp, unknown>>;
    return guard(app, 'FormApp');
  }

  /** Form members need edit access to the form (respondents never hold a Form object). */
  private editor(form: FormRecord, what: string): string {
    const user = this.ctx.user(what);
    if (!this.drive.canRead(user, form.item)) throw new GasException(MESSAGES.noDocumentAccess);
    if (!this.drive.canWrite(user, form.item)) throw new GasException(MESSAGES.accessDenied('FormApp'));
    return user;
  }

  formApi(form: FormRecord): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Form.${name}`, fn, sideEffect);
    const read = <T>(name: string, fn: () => T) => call(name, () => (this.editor(form, `Form.${name}`), fn()));
    const write = <T>(name: string, fn: () => T) => call(name, () => (this.editor(form, `Form.${name}`), fn()), true);
    const addItem = (type: ItemKind) => () =>
      write(`add${CLASS_OF[type]}`, () => {
        const record: ItemRecord = {
          id: ctx.nextItemId(),
          type,
          title: '',
          helpText: '',
          required: false,
          choices: [],
          otherOption: false,
        };
        form.items.push(record);
        return this.typedItemApi(form, record);
      });
    const itemIndex = (itemOrIndex: unknown): number => {
      if (typeof itemOrIndex === 'number') {
        if (!Number.isInteger(itemOrIndex) || itemOrIndex < 0 || itemOrIndex >= form.items.length)
          throw new GasException(`Invalid argument: index`);
        return itemOrIndex;
      }
      const id = (itemOrIndex as { getId?: () => number })?.getId?.();
      const index = form.items.findIndex((i) => i.id === id);
      if (index < 0) throw new GasException('Invalid argument: item');
      return index;
    };
    const api = {
      ...createSharingMembers(ctx, this.drive, form.item, 'Form', 'FormApp'),
      getId: () => read('getId', () => form.id),
      getTitle: () => read('getTitle', () => form.title),
      setTitle: (title: string) => write('setTitle', () => ((form.title = String(title)), self)),
      getDescription: () => read('getDescription', () => form.settings.description),
      setDescription: (text: string) =>
        write('setDescription', () => ((form.settings.description = String(text)), self)),
      getEditUrl: () => read('getEditUrl', () => `https://docs.google.com/forms/d/${form.id}/edit`),
      // Live forms publish under a separate id: /forms/d/e/<published id>/viewform.
      getPublishedUrl: () =>
        read('getPublishedUrl', () => `https://docs.google.com/forms/d/e/${form.publishedId}/viewform`),
      addTextItem: addItem('TEXT'),
      addParagraphTextItem: addItem('PARAGRAPH_TEXT'),
      addMultipleChoiceItem: addItem('MULTIPLE_CHOICE'),
      addListItem: addItem('LIST'),
      addCheckboxItem: addItem('CHECKBOX'),
      getItems: (type?: unknown) =>
        read('getItems', () =>
          form.items.filter((i) => type === undefined || i.type === String(type)).map((i) => this.itemApi(form, i)),
        ),
      getItemById: (id: number) =>
        read('getItemById', () => {
          const record = form.items.find((i) => i.id === Number(id));
          return record ? this.itemApi(form, record) : null;
        }),
      deleteItem: (itemOrIndex: unknown) =>
        write('deleteItem', () => {
          form.items.splice(itemIndex(itemOrIndex), 1);
        }),
      moveItem: (from: unknown, to: number) =>
        write('moveItem', () => {
          const index = itemIndex(from);
          if (!Number.isInteger(to) || to < 0 || to >= form.items.length)
            throw new GasException('Invalid argument: toIndex');
          const [record] = form.items.splice(index, 1);
          form.items.splice(to, 0, record);
          return this.itemApi(form, record);
        }),
      setCollectEmail: (collect: boolean) =>
        write('setCollectEmail', () => ((form.settings.collectEmail = Boolean(collect)), self)),
      collectsEmail: () => read('collectsEmail', () => form.settings.collectEmail),
      setPublishingSummary: (enabled: boolean) =>
        write('setPublishingSummary', () => ((form.settings.publishingSummary = Boolean(enabled)), self)),
      isPublishingSummary: () => read('isPublishingSummary', () => form.settings.publishingSummary),
      setAllowResponseEdits: (enabled: boolean) =>
        write('setAllowResponseEdits', () => ((form.settings.allowResponseEdits = Boolean(enabled)), self)),
      canEditResponse: () => read('canEditResponse', () => form.settings.allowResponseEdits),
      setLimitOneResponsePerUser: (enabled: boolean) =>
        write('setLimitOneResponsePerUser', () => ((form.settings.limitOneResponsePerUser = Boolean(enabled)), self)),
      hasLimitOneResponsePerUser: () => read('hasLimitOneResponsePerUser', () => form.settings.limitOneResponsePerUser),
      setConfirmationMessage: (message: string) =>
        write('setConfirmationMessage', () => ((form.settings.confirmationMessage = String(message)), self)),
      getConfirmationMessage: () => read('getConfirmationMessage', () => form.settings.confirmationMessage),
      // Forced false while unpublished (PublishState, cited in FormsStore.create): the write is dropped.
      setAcceptingResponses: (enabled: boolean) =>
        write(
          'setAcceptingResponses',
          () => (this.store.setResponding(form, { acceptingResponses: Boolean(enabled) }), self),
        ),
      isAcceptingResponses: () => read('isAcceptingResponses', () => form.settings.acceptingResponses),
      requiresLogin: () => read('requiresLogin', () => form.settings.requireLogin),
      setRequireLogin: (requireLogin: boolean) =>
        write('setRequireLogin', () => {
          // "This feature is available only for forms created by Google Workspace users" (Form.setRequireLogin);
          // ❓ what a consumer account gets is undocumented: the emulator throws, the stricter case.
          if (ctx.profile !== 'workspace') throw new GasException('Invalid argument: requireLogin');
          this.store.setResponding(form, { requireLogin: Boolean(requireLogin) });
          return self;
        }),
      setDestination: (type: unknown, destinationId: string) =>
        write('setDestination', () => {
          if (String(type) !== 'SPREADSHEET') throw new GasException('Invalid argument: type');
          const user = ctx.user('Form.setDestination');
          const target = this.drive.get(destinationId);
          if (!target || target.kind !== 'spreadsheet' || !this.drive.canWrite(user, target))
            throw new GasException(MESSAGES.noItem);
          // Linking creates a "Form Responses N" tab with a header row, and every later response lands there.
          const ss = this.sheets.spreadsheets.get(target.id)!;
          let n = 1;
          while (ss.sheets.some((s) => s.name === `Form Responses ${n}`)) n++;
          const sheet = this.sheets.newSheet(ss, `Form Responses ${n}`, ctx.nextSheetGid());
          ss.sheets.unshift(sheet);
          form.destination = { type: 'SPREADSHEET', id: target.id, sheet };
          this.sheets.appendDirect(sheet, this.store.destinationHeader(form));
          for (const response of form.responses)
            this.sheets.appendDirect(sheet, this.store.destinationRow(form, response));
          return self;
        }),
      getDestinationId: () =>
        read('getDestinationId', () => {
          // ❓ wording: the live service throws when no destination is set.
          if (!form.destination) throw new GasException('No response destination set');
          return form.destination.id;
        }),
      getDestinationType: () =>
        read('getDestinationType', () => {
          if (!form.destination) throw new GasException('No response destination set');
          return form.destination.type;
        }),
      removeDestination: () =>
        write('removeDestination', () => {
          form.destination = undefined;
          return self;
        }),
      getResponses: (timestamp?: Date) =>
        read('getResponses', () =>
          form.responses
            .filter((r) => !timestamp || r.timestamp >= timestamp.getTime())
            .map((r) => this.responseApi(form, r)),
        ),
      getResponse: (responseId: string) =>
        read('getResponse', () => {
          const found = form.responses.find((r) => r.id === responseId);
          // ❓ wording.
          if (!found) throw new GasException(`No response with ID ${responseId} exists for this form.`);
          return this.responseApi(form, found);
        }),
      deleteResponse: (responseId: string) =>
        write('deleteResponse', () => {
          // ❓ Google's reference does not say what an unknown id does: the stricter case (it throws, worded as
          // getResponse's) is modelled, so callers must not rely on deleting twice being silent.
          if (!form.responses.some((r) => r.id === responseId))
            throw new GasException(`No response with ID ${responseId} exists for this form.`);
          form.responses = form.responses.filter((r) => r.id !== responseId);
          return self;
        }),
      deleteAllResponses: () =>
        write('deleteAllResponses', () => {
          form.responses = [];
          return self;
        }),
      // Publishing members (declared in src/workspace/forms-publishing.d.ts).
      // Every form FormApp.create makes is a current one; legacy forms have no publish settings.
      supportsAdvancedResponderPermissions: () => read('supportsAdvancedResponderPermissions', () => true),
      isPublished: () => read('isPublished', () => form.settings.published),
      setPublished: (enabled: boolean) =>
        write('setPublished', () => (this.store.setResponding(form, { published: Boolean(enabled) }), self)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.Form, unknown>>;
    const self: unknown = guard(api, 'Form');
    return self;
  }

  /** The generic Item that getItems() and ItemResponse.getItem() hand out; as*Item() casts it. */
  itemApi(form: FormRecord, record: ItemRecord): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`Item.${name}`, fn, sideEffect);
    const cast = (type: ItemKind) => () =>
      call(`as${CLASS_OF[type]}`, () => {
        // ❓ wording of a wrong-type cast.
        if (record.type !== type) throw new GasException(`Invalid conversion for item type: ${record.type}.`);
        return this.typedItemApi(form, record);
      });
    const api = {
      getId: () => call('getId', () => record.id),
      getTitle: () => call('getTitle', () => record.title),
      setTitle: (title: string) =>
        call(
          'setTitle',
          () => {
            this.editor(form, 'Item.setTitle');
            record.title = String(title);
            return self;
          },
          true,
        ),
      getHelpText: () => call('getHelpText', () => record.helpText),
      setHelpText: (text: string) =>
        call(
          'setHelpText',
          () => {
            this.editor(form, 'Item.setHelpText');
            record.helpText = String(text);
            return self;
          },
          true,
        ),
      getType: () => call('getType', () => record.type),
      getIndex: () => call('getIndex', () => form.items.indexOf(record)),
      asTextItem: cast('TEXT'),
      asParagraphTextItem: cast('PARAGRAPH_TEXT'),
      asMultipleChoiceItem: cast('MULTIPLE_CHOICE'),
      asListItem: cast('LIST'),
      asCheckboxItem: cast('CHECKBOX'),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.Item, unknown>>;
    const self: unknown = guard(api, 'Item');
    return self;
  }

  /** TextItem, ParagraphTextItem, MultipleChoiceItem, ListItem or CheckboxItem. */
  typedItemApi(form: FormRecord, record: ItemRecord): unknown {
    const ctx = this.ctx;
    const className = CLASS_OF[record.type];
    const call = <T>(name: string, fn: () => T, sideEffect = false) => ctx.call(`${className}.${name}`, fn, sideEffect);
    const write = <T>(name: string, fn: () => T) =>
      call(name, () => (this.editor(form, `${className}.${name}`), fn()), true);
    const api: Record<string, unknown> = {
      getId: () => call('getId', () => record.id),
      getTitle: () => call('getTitle', () => record.title),
      setTitle: (title: string) => write('setTitle', () => ((record.title = String(title)), self)),
      getHelpText: () => call('getHelpText', () => record.helpText),
      setHelpText: (text: string) => write('setHelpText', () => ((record.helpText = String(text)), self)),
      isRequired: () => call('isRequired', () => record.required),
      setRequired: (required: boolean) => write('setRequired', () => ((record.required = Boolean(required)), self)),
      getType: () => call('getType', () => record.type),
      getIndex: () => call('getIndex', () => form.items.indexOf(record)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.TextItem, unknown>>;
    if (record.type === 'MULTIPLE_CHOICE' || record.type === 'LIST' || record.type === 'CHECKBOX') {
      const choiceMembers = {
        setChoiceValues: (values: string[]) =>
          write('setChoiceValues', () => {
            if (!Array.isArray(values)) throw new GasException('Invalid argument: values');
            record.choices = values.map(String);
            return self;
          }),
        getChoices: () =>
          call('getChoices', () =>
            record.choices.map((value) =>
              guard({ getValue: () => ctx.call('Choice.getValue', () => value) }, 'Choice'),
            ),
          ),
      } satisfies Partial<Record<keyof GoogleAppsScript.Forms.ListItem, unknown>>;
      Object.assign(api, choiceMembers);
    }
    if (record.type === 'MULTIPLE_CHOICE' || record.type === 'CHECKBOX') {
      const otherMembers = {
        showOtherOption: (enabled: boolean) =>
          write('showOtherOption', () => ((record.otherOption = Boolean(enabled)), self)),
        hasOtherOption: () => call('hasOtherOption', () => record.otherOption),
      } satisfies Partial<Record<keyof GoogleAppsScript.Forms.MultipleChoiceItem, unknown>>;
      Object.assign(api, otherMembers);
    }
    const self: unknown = guard(api, className);
    return self;
  }

  /** A FormResponse. `answers` empty and not stored for the blank phantom events. */
  responseApi(form: FormRecord, response: ResponseRecord): unknown {
    const ctx = this.ctx;
    const call = <T>(name: string, fn: () => T) => ctx.call(`FormResponse.${name}`, fn);
    const itemResponses = () => {
      const out: unknown[] = [];
      if (response.phantom) return out;
      for (const item of form.items) {
        const answer = response.answers.get(item.id);
        // Unanswered Text/Paragraph items come back with ''; other unanswered items are omitted.
        if (answer === undefined && item.type !== 'TEXT' && item.type !== 'PARAGRAPH_TEXT') continue;
        out.push(this.itemResponseApi(form, item, answer ?? ''));
      }
      return out;
    };
    const api = {
      getId: () => call('getId', () => response.id),
      getTimestamp: () => call('getTimestamp', () => new Date(response.timestamp)),
      getRespondentEmail: () => call('getRespondentEmail', () => response.email),
      getItemResponses: () => call('getItemResponses', itemResponses),
      getResponseForItem: (item: unknown) =>
        call('getResponseForItem', () => {
          const id = (item as { getId?: () => number })?.getId?.();
          const record = form.items.find((i) => i.id === id);
          const answer = record ? response.answers.get(record.id) : undefined;
          return record && answer !== undefined ? this.itemResponseApi(form, record, answer) : null;
        }),
      getEditResponseUrl: () =>
        call(
          'getEditResponseUrl',
          () => `https://docs.google.com/forms/d/e/${form.publishedId}/viewform?edit2=${response.id}`,
        ),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.FormResponse, unknown>>;
    return guard(api, 'FormResponse');
  }

  private itemResponseApi(form: FormRecord, item: ItemRecord, answer: string | string[]): unknown {
    const call = <T>(name: string, fn: () => T) => this.ctx.call(`ItemResponse.${name}`, fn);
    const api = {
      getItem: () => call('getItem', () => this.itemApi(form, item)),
      getResponse: () => call('getResponse', () => (Array.isArray(answer) ? [...answer] : answer)),
    } satisfies Partial<Record<keyof GoogleAppsScript.Forms.ItemResponse, unknown>>;
    return guard(api, 'ItemResponse');
  }

  /** The Form trigger's event object: authMode, triggerUid, response, source (no namedValues/values/range). */
  submitEvent(formId: string, responseId: string, triggerUid: string): unknown {
    const form = this.store.find(formId);
    // A re-delivered event carries its response even after the script deleted it from the Form.
    const response = form.submitted.find((r) => r.id === responseId);
    if (!response) throw new Error(`Emulator: form ${formId} has no response ${responseId}`);
    return { authMode: 'FULL', triggerUid, response: this.responseApi(form, response), source: this.formApi(form) };
  }

  /** The Nov 2019 phantom: a fresh response id, no answers, not stored with the form's responses. */
  blankSubmitEvent(formId: string, triggerUid: string): unknown {
    const form = this.store.find(formId);
    const phantom: ResponseRecord = {
      id: this.ctx.nextResponseId(),
      timestamp: this.ctx.rt.now(),
      email: '',
      answers: new Map(),
      phantom: true,
    };
    return { authMode: 'FULL', triggerUid, response: this.responseApi(form, phantom), source: this.formApi(form) };
  }
}
