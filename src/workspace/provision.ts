// Creates or repairs the committee's Workspace objects for setup: private folder, status spreadsheet, private registry and report Form. Each step is idempotent and says what it did.
import { CASE_STATUSES, RISK_CHOICES, findColumns } from '../core/case-model';
import { hashText } from '../core/hash';
import { currentVoice, type Voice } from '../core/messages';
import {
  FORMER_TITLES,
  ITEM,
  OTHER_SPACE,
  buildFormItems,
  formConfirmation,
  formDescription,
  type FormItem,
} from '../core/report';
import { settingsRowsKept } from '../core/settings';
import { formNotLiveReasons } from '../core/messages';
import { lowerTrim, normalizeEmail, toFormulaSafe } from '../core/text';
import { makeFolderPrivate, takeOutOfTrash } from './drive-audit';
import { errorMessage, rethrowEnding } from './errors';
import { contractTitles } from './forms';
import { closeFormLeaks, openFormToReports, readFormLiveness } from './form-liveness';
import {
  CASES_HEADERS,
  FOLDER_NAME,
  FORM_TITLE,
  formatAsText,
  REGISTRY_HEADERS,
  REGISTRY_SPREADSHEET_NAME,
  STATUS_HEADERS_BY_TAB,
  STATUS_SPREADSHEET_NAME,
  STATUS_TAB,
  type RegistryTab,
  type StatusTab,
  OWNER_ONLY_STATUS_TABS,
} from './schema';
import { makePrivate } from './sharing';
import { driveFile, driveFolder, openForm, openSheet } from './drive-items';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * Called with a store's id as soon as Drive made it, before anything else can fail: setup saves it at once, so a run
 * that ends halfway (a service error, the 6-minute limit) is finished by the next on the same store, never on a second.
 */
export type OnCreated = (id: string) => void;

/** What one provisioning step did: the object's id and url, and a line per change. */
export interface StepResult {
  id: string;
  url: string;
  created: boolean;
  changes: string[];
  warnings: string[];
  /** The id of a store that did not open and was replaced (`ifUnopenable` `replace`). */
  lost?: string;
}

/**
 * What to do with a store that exists by id but does not open: `stop` the run (`StoreUnopenable`: setup's stores, whose
 * records a new one would leave behind, and any store in an outage), or `replace` it (an archive that has not opened for
 * a week: its cases keep their own link to it, the caller keeps its id).
 */
export type IfUnopenable = 'stop' | 'replace';

function newStep(): StepResult {
  return { id: '', url: '', created: false, changes: [], warnings: [] };
}

/**
 * Opens a store by its stored id, or null when there is none yet (setup then makes one). A store in the trash, where
 * Drive deletes it after 30 days, is taken out of it (`step` says so). A store that does not open stops the run with
 * what to do, and nothing is made in its place: Drive answers a file deleted for good, a server error and lost access
 * with the same error (platform reference §3, "No item with the given ID could be found, or you do not have
 * permission to access it"), and a new store made then would leave the committee's records behind, its id overwritten.
 */
function openExisting<T>(
  id: string | undefined,
  open: (id: string) => T,
  what: string,
  step: StepResult,
  folder = false,
  ifUnopenable: IfUnopenable = 'stop',
): T | null {
  if (!id) return null;
  try {
    if (takeOutOfTrash(id, folder)) step.changes.push(`restored the ${what} from the trash`);
    return open(id);
  } catch (err) {
    rethrowEnding(err);
    if (ifUnopenable === 'stop') throw cannotOpen(what, id, err);
    step.lost = id;
    step.warnings.push(`the ${what} (${id}) could not be opened: a new one was made`);
    return null;
  }
}

/** The error of a store that exists by id but does not open: said so that the owner knows what to do. */
function cannotOpen(what: string, id: string, err: unknown): Error {
  return new StoreUnopenable(
    `The ${what} (${id}) could not be opened, and nothing was made in its place: ${errorMessage(err)} Try again later; if it was deleted for good, remove its id from Script Properties (Project Settings) and run setup again.`,
  );
}

/** A store that exists by id but did not open (thrown by the bundle itself, so `instanceof` holds). */
export class StoreUnopenable extends Error {}

/** Removes every direct editor and viewer except the owner; returns how many were removed. */
function removeOthers(
  file: {
    getEditors(): GoogleAppsScript.Base.User[];
    getViewers(): GoogleAppsScript.Base.User[];
    removeEditor(e: string): unknown;
    removeViewer(e: string): unknown;
  },
  owner: string,
): number {
  let removed = 0;
  for (const user of file.getEditors()) {
    const email = normalizeEmail(user.getEmail());
    if (email && email !== owner) {
      file.removeEditor(email);
      removed++;
    }
  }
  for (const user of file.getViewers()) {
    const email = normalizeEmail(user.getEmail());
    if (email && email !== owner) {
      file.removeViewer(email);
      removed++;
    }
  }
  return removed;
}

// ------------------------------------------------------------------------------------------------
// Private folder

/** The owner-only folder that holds every case Doc (and the registry). Never shared, never a shared drive. */
export function ensureFolder(
  existingId: string | undefined,
  owner: string,
  onCreated?: OnCreated,
  name: string = FOLDER_NAME,
  what = 'private folder',
): StepResult {
  const step = newStep();
  // A new folder on a passing error would leave every case Doc in the old one.
  let folder = openExisting(existingId, (id) => driveFolder(id), what, step, true);
  if (!folder) {
    folder = DriveApp.createFolder(name);
    onCreated?.(folder.getId());
    step.created = true;
    step.changes.push(`created the ${what}`);
  }
  if (makePrivate(folder)) step.changes.push(`made the ${what} private (no link sharing; editors cannot re-share)`);
  // As the audit does (Drive v3): DriveApp cannot remove what the folder inherits from a shared folder it was put in.
  const fix = makeFolderPrivate(folder.getId(), owner);
  if (fix)
    step.changes.push(
      fix === 'moved'
        ? `moved the ${what} back to the top of My Drive (it was in a shared folder, open to that folder's people)`
        : `removed everyone else from the ${what} (it must be shared with nobody)`,
    );
  step.id = folder.getId();
  step.url = folder.getUrl();
  return step;
}

/** Moves a file into `folderId` unless it is already there. */
function moveInto(fileId: string, folderId: string): boolean {
  const file = driveFile(fileId);
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return false;
  file.moveTo(driveFolder(folderId));
  return true;
}

/** A new spreadsheet in the private folder (so shared with nobody) holding `rows` as plain text; returns its address. */
export function createPrivateSheet(name: string, folderId: string, rows: string[][]): string {
  const ss = SpreadsheetApp.create(name);
  const range = ss.getSheets()[0].getRange(1, 1, rows.length, rows[0].length);
  range.setNumberFormat('@').setValues(rows.map((row) => row.map(toFormulaSafe)));
  // Not the organisation's by its default for new items: the owner publishes it, or not (ADV-652).
  makePrivate(driveFile(ss.getId()) as GoogleAppsScript.Drive.File);
  moveInto(ss.getId(), folderId);
  return ss.getUrl();
}

// ------------------------------------------------------------------------------------------------
// Spreadsheet helpers

/** Gets a tab by name, creating it (or renaming the lone default "Sheet1") when missing. */
function ensureTab(ss: Spreadsheet, name: string, step: StepResult, label: string): Sheet {
  let sheet = ss.getSheetByName(name);
  if (sheet) return sheet;
  const sheets = ss.getSheets();
  const fresh = sheets.length === 1 && /^Sheet1$/.test(sheets[0].getName()) && sheets[0].getLastRow() === 0;
  if (fresh) {
    sheet = sheets[0].setName(name);
  } else {
    sheet = ss.insertSheet(name);
  }
  step.changes.push(`created the ${label} tab "${name}"`);
  return sheet;
}

/**
 * Makes row 1 hold `headers`. A blank header row is written whole; a header that is missing is written into its
 * expected column only when that cell is blank (a person's renamed column is reported, never overwritten). Returns
 * where each header now is (1-based, 0 when missing): a column a member dragged elsewhere keeps its header, and its
 * drop-down and format follow it there.
 */
function ensureHeaders(
  sheet: Sheet,
  headers: readonly string[],
  step: StepResult,
  label: string,
): (header: string) => number {
  const width = Math.max(sheet.getLastColumn(), headers.length);
  const row = sheet.getRange(1, 1, 1, width).getValues()[0];
  const columnOf = (header: string) => {
    const found = findColumns(row, [header]);
    return found.ok ? found.index[header] + 1 : 0;
  };
  if (row.every((v) => String(v ?? '').trim() === '')) {
    sheet.getRange(1, 1, 1, headers.length).setValues([headers.map(toFormulaSafe)]);
    step.changes.push(`wrote the ${label} header row`);
    row.splice(0, headers.length, ...headers);
    return columnOf;
  }
  const located = findColumns(row, headers);
  if (located.ok) return columnOf;
  for (const header of located.missing) {
    const at = headers.indexOf(header);
    if (String(row[at] ?? '').trim() === '') {
      sheet.getRange(1, at + 1).setValue(toFormulaSafe(header));
      step.changes.push(`restored the missing "${header}" header in ${label}`);
      row[at] = header;
    } else {
      step.warnings.push(
        `${label}: column "${header}" is missing and its place holds "${String(row[at])}"; rename that header back to "${header}"`,
      );
    }
  }
  return columnOf;
}

function freezeHeader(sheet: Sheet): void {
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
}

/** Protects a whole tab so only the owner edits it (members keep read access through the spreadsheet). */
function protectOwnerOnly(sheet: Sheet, owner: string, step: StepResult, label: string): void {
  const existing = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET);
  let protection = existing.length ? existing[0] : null;
  if (!protection) {
    protection = sheet.protect();
    step.changes.push(`protected the ${label} tab (only the committee account edits it)`);
  }
  protection.setDescription('Only the committee account edits this tab; changes by others are refused.');
  // Until its editors are changed a protection mirrors the spreadsheet: every editor, even one added later, edits the
  // tab (Sheet.protect(), developers.google.com/apps-script/reference/spreadsheet/sheet#protect()). A first setup had
  // nobody to remove, so nothing changed it; adding the owner, as Google's sample does, always does.
  protection.addEditor(owner);
  const others = protection
    .getEditors()
    .map((u) => normalizeEmail(u.getEmail()))
    .filter((e) => e && e !== owner);
  if (others.length) {
    protection.removeEditors(others);
    step.changes.push(`removed ${others.length} editor(s) from the ${label} tab's protection`);
  }
  if (protection.canDomainEdit()) protection.setDomainEdit(false);
  if (protection.isWarningOnly()) protection.setWarningOnly(false);
}

/** The data cells of a column; null when its header is missing (`column` 0). */
function columnRange(sheet: Sheet, column: number): GoogleAppsScript.Spreadsheet.Range | null {
  return column ? sheet.getRange(2, column, Math.max(sheet.getMaxRows() - 1, 1), 1) : null;
}

function listRule(values: readonly string[], help: string): GoogleAppsScript.Spreadsheet.DataValidation {
  return SpreadsheetApp.newDataValidation()
    .requireValueInList(values.slice(), true)
    .setAllowInvalid(false)
    .setHelpText(help)
    .build();
}

// ------------------------------------------------------------------------------------------------
// Status spreadsheet

/**
 * The `Cases` drop-downs and plain-text `Date & Time` on `count` rows from `from` (setup: every row below the header;
 * a write that grew the grid: the rows it added). `caseCol`: a header's column (1-based, 0 when missing).
 */
export function ruleCasesRows(cases: Sheet, from: number, count: number, caseCol: (header: string) => number): void {
  const at = (header: string) => (caseCol(header) ? cases.getRange(from, caseCol(header), count, 1) : null);
  const riskHelp = `One of: ${RISK_CHOICES.join(', ')}`;
  at('Safety risk?')?.setDataValidation(listRule(RISK_CHOICES, riskHelp));
  at('Risk of repeating?')?.setDataValidation(listRule(RISK_CHOICES, riskHelp));
  at('Status')?.setDataValidation(listRule(CASE_STATUSES, `One of: ${CASE_STATUSES.join(', ')}`));
  // Plain text: Sheets would otherwise turn "2026-03-02 09:00" into a Date shown in each viewer's format.
  at('Date & Time')?.setNumberFormat('@');
}

/** The members' status spreadsheet: the four tabs, headers, drop-downs, plain-text dates, protections, no link sharing. */
export function ensureStatusSpreadsheet(
  existingId: string | undefined,
  owner: string,
  onCreated?: OnCreated,
  kept?: string,
): StepResult {
  const step = newStep();
  let ss = openExisting(existingId, (id) => openSheet(id), 'status spreadsheet', step);
  if (!ss) {
    ss = SpreadsheetApp.create(STATUS_SPREADSHEET_NAME);
    onCreated?.(ss.getId());
    step.created = true;
    step.changes.push('created the status spreadsheet');
  }
  const tabs: StatusTab[] = [
    STATUS_TAB.cases,
    STATUS_TAB.committee,
    STATUS_TAB.conflicts,
    STATUS_TAB.settings,
    STATUS_TAB.policyChanges,
  ];
  const sheets = new Map<StatusTab, Sheet>();
  for (const tab of tabs) {
    const sheet = ensureTab(ss, tab, step, 'status');
    sheets.set(tab, sheet);
  }

  const cases = sheets.get(STATUS_TAB.cases) as Sheet;
  ruleCasesRows(cases, 2, Math.max(cases.getMaxRows() - 1, 1), ensureHeaders(cases, CASES_HEADERS, step, 'Cases'));
  freezeHeader(cases);

  const committee = sheets.get(STATUS_TAB.committee) as Sheet;
  const committeeCol = ensureHeaders(committee, STATUS_HEADERS_BY_TAB.Committee, step, 'Committee');
  columnRange(committee, committeeCol('Role'))?.setDataValidation(listRule(['voting', 'adviser'], 'voting or adviser'));
  columnRange(committee, committeeCol('Active'))?.setDataValidation(
    SpreadsheetApp.newDataValidation().requireCheckbox().build(),
  );
  freezeHeader(committee);

  const conflicts = sheets.get(STATUS_TAB.conflicts) as Sheet;
  formatAsText(conflicts);
  ensureHeaders(conflicts, STATUS_HEADERS_BY_TAB.Conflicts, step, 'Conflicts');
  freezeHeader(conflicts);

  const settings = sheets.get(STATUS_TAB.settings) as Sheet;
  settings.getRange(1, 1, settings.getMaxRows(), 3).setNumberFormat('@');
  fillSettings(settings, step, kept);
  freezeHeader(settings);

  // Written by the system alone (from the registry's Proposals): plain text, owner-only like Conflicts.
  const policyChanges = sheets.get(STATUS_TAB.policyChanges) as Sheet;
  formatAsText(policyChanges);
  ensureHeaders(policyChanges, STATUS_HEADERS_BY_TAB['Policy changes'], step, 'Policy changes');
  freezeHeader(policyChanges);

  for (const tab of OWNER_ONLY_STATUS_TABS) {
    protectOwnerOnly(sheets.get(tab) as Sheet, owner, step, tab);
  }

  step.id = ss.getId();
  step.url = ss.getUrl();
  if (makePrivate(driveFile(step.id) as GoogleAppsScript.Drive.File))
    step.changes.push('made the status spreadsheet private (no link sharing; editors cannot re-share)');
  return step;
}

/** Writes the default Settings rows into an empty tab, and adds any setting rows a person deleted. */
function fillSettings(sheet: Sheet, step: StepResult, kept?: string): void {
  const lastRow = sheet.getLastRow();
  const defaults = settingsRowsKept(kept);
  if (lastRow <= 1) {
    const rows = defaults.map((r) => [r[0], r[1], r[2]].map(toFormulaSafe));
    sheet.getRange(1, 1, rows.length, 3).setValues(rows);
    step.changes.push('filled the Settings tab with the seed defaults');
    return;
  }
  ensureHeaders(sheet, STATUS_HEADERS_BY_TAB.Settings, step, 'Settings');
  const present = new Set(
    sheet
      .getRange(1, 1, lastRow, 1)
      .getValues()
      .map((r) => lowerTrim(String(r[0] ?? ''))),
  );
  const missing = defaults.slice(1).filter((r) => r[0] !== '' && !present.has(r[0].toLowerCase()));
  if (missing.length) {
    sheet
      .getRange(lastRow + 1, 1, missing.length, 3)
      .setValues(missing.map((r) => [r[0], r[1], r[2]].map(toFormulaSafe)));
    step.changes.push(`added ${missing.length} missing setting row(s) with their last values or defaults`);
  }
}

// ------------------------------------------------------------------------------------------------
// Private registry

/** The owner-only registry: every tab plain text (written raw, never parsed as formulas), in the private folder. */
export function ensureRegistry(
  existingId: string | undefined,
  owner: string,
  folderId: string,
  onCreated?: OnCreated,
  name: string = REGISTRY_SPREADSHEET_NAME,
  what = 'private registry',
  tabs: readonly RegistryTab[] = Object.keys(REGISTRY_HEADERS) as RegistryTab[],
  ifUnopenable: IfUnopenable = 'stop',
): StepResult {
  const step = newStep();
  let ss = openExisting(existingId, (id) => openSheet(id), what, step, false, ifUnopenable);
  if (!ss) {
    ss = SpreadsheetApp.create(name);
    onCreated?.(ss.getId());
    step.created = true;
    step.changes.push(`created the ${what}`);
  }
  for (const tab of tabs) {
    const existed = ss.getSheetByName(tab) !== null;
    const sheet = ensureTab(ss, tab, step, 'registry');
    if (!existed)
      sheet
        .getRange(1, 1, sheet.getMaxRows(), Math.max(sheet.getMaxColumns(), REGISTRY_HEADERS[tab].length))
        .setNumberFormat('@');
    ensureHeaders(sheet, REGISTRY_HEADERS[tab], step, `registry ${tab}`);
    freezeHeader(sheet);
  }
  step.id = ss.getId();
  step.url = ss.getUrl();
  const file = driveFile(step.id);
  if (makePrivate(file)) step.changes.push(`made the ${what} private (no link sharing; editors cannot re-share)`);
  const removed = removeOthers(file, owner);
  if (removed) step.changes.push(`removed ${removed} person(s) from the ${what} (it is shared with nobody)`);
  if (moveInto(step.id, folderId)) step.changes.push(`moved the ${what} into the private folder`);
  return step;
}

// ------------------------------------------------------------------------------------------------
// Report Form

function addItem(form: GoogleAppsScript.Forms.Form, item: FormItem): { getId(): number } {
  if (item.kind === 'text' || item.kind === 'paragraph') {
    const added = item.kind === 'text' ? form.addTextItem() : form.addParagraphTextItem();
    return added.setTitle(item.title).setHelpText(item.helpText).setRequired(item.required);
  }
  return form
    .addMultipleChoiceItem()
    .setTitle(item.title)
    .setHelpText(item.helpText)
    .setChoiceValues((item.choices ?? []).slice())
    .setRequired(item.required);
}

/** Sets the choices of the `Where did it happen?` item; true when they changed. */
function updatePlaceChoices(item: GoogleAppsScript.Forms.Item, choices: readonly string[]): boolean {
  const choiceItem = item.asMultipleChoiceItem();
  const current = choiceItem.getChoices().map((c) => c.getValue());
  if (current.join('\n') === choices.join('\n')) return false;
  choiceItem.setChoiceValues(choices.slice());
  return true;
}

/**
 * The places the Form offers now (its `Where did it happen?` choices but `Other`): a status spreadsheet rebuilt after
 * the old one was lost lists them again in Settings, or setup would take them off the Form.
 */
/** The Form's places question: by its title, else by the id setup recorded (a question reworded in Forms, ADV-123). */
function findWhereItem(formId: string): GoogleAppsScript.Forms.Item | undefined {
  const items = openForm(formId).getItems();
  const found = items.find((i) => i.getTitle() === ITEM.where);
  if (found) return found;
  const titles = contractTitles();
  return items.find((i) => titles[`#${i.getId()}`] === ITEM.where);
}

export function readFormPlaces(formId: string): string[] {
  const item = findWhereItem(formId);
  const choices = item ? item.asMultipleChoiceItem().getChoices() : [];
  return choices.map((c) => c.getValue()).filter((v) => v !== OTHER_SPACE);
}

/**
 * Keeps the Form's list of places in step with the `Space:` rows of Settings, so the owner's edit of Settings
 * reaches reporters without running setup again. True when the list changed.
 */
export function syncFormPlaces(formId: string, spaceNames: readonly string[]): boolean {
  const wanted = buildFormItems(spaceNames).find((i) => i.title === ITEM.where);
  const item = findWhereItem(formId);
  return Boolean(wanted && item && updatePlaceChoices(item, wanted.choices ?? []));
}

/**
 * The report Form with the contract's item titles (DESIGN §3): collects no addresses, publishes no summary,
 * allows no edits, has no destination (never linked to a spreadsheet), its only editor is the owner, and it is
 * published, accepting responses and open to people outside the account's domain.
 */
export function ensureForm(
  existingId: string | undefined,
  owner: string,
  spaceNames: readonly string[],
  folderId: string,
  /** The names setup last wrote the Form's texts with (Script Property `voice`); the defaults when unknown. */
  /** Hashes of the texts setup last wrote, per text (Script Property `formTextsWritten`); updated in place. */
  written: Record<string, string> = {},
  onCreated?: OnCreated,
): StepResult {
  const step = newStep();
  let form = openExisting(existingId, (id) => openForm(id), 'report Form', step);
  const voice = currentVoice();
  const items = buildFormItems(spaceNames);
  let ids: number[];
  if (!form) {
    const created = FormApp.create(FORM_TITLE);
    form = created;
    onCreated?.(form.getId());
    step.created = true;
    step.changes.push('created the report Form');
    ids = items.map((item) => addItem(created, item).getId());
    // In the committee's words (Settings `Committee name`, `Community name`). Afterwards setup rewrites a text only
    // while it is still exactly what setup wrote (the names changed): a committee's own wording in Forms is kept.
    const description = formDescription(voice);
    const confirmation = formConfirmation(voice);
    form.setDescription(description);
    form.setConfirmationMessage(confirmation);
    written.description = hashText(description);
    written.confirmation = hashText(confirmation);
  } else {
    const byTitle = new Map<string, GoogleAppsScript.Forms.Item>();
    const current = form.getItems();
    for (const existing of current) byTitle.set(existing.getTitle(), existing);
    // A contract item an older version titled otherwise keeps its place and answers under today's title.
    for (const [former, title] of Object.entries(FORMER_TITLES)) {
      const found = byTitle.get(former);
      if (!found || byTitle.has(title)) continue;
      found.setTitle(title);
      byTitle.delete(former);
      byTitle.set(title, found);
      step.changes.push(`renamed the Form question "${former}" to "${title}"`);
    }
    // A contract item the committee reworded in Forms is still that item (the title setup gave it, by id): no copy.
    for (const existing of current) {
      const was = written[`#${existing.getId()}`];
      if (was) byTitle.set(was, existing);
    }
    for (const item of items) {
      const found = byTitle.get(item.title);
      if (!found) {
        addItem(form, item);
        // After the contract's question before it, not last (Form.moveItem); the committee's own items are untouched.
        const before = items
          .slice(0, items.indexOf(item))
          .reverse()
          .map((i) => byTitle.get(i.title))
          .find(Boolean);
        const last = form.getItems().length - 1;
        const added = before ? form.moveItem(last, before.getIndex() + 1) : form.getItems()[last];
        byTitle.set(item.title, added);
        step.changes.push(`added the missing Form question "${item.title}"`);
        continue;
      }
      if (item.title === ITEM.where && updatePlaceChoices(found, item.choices ?? [])) {
        step.changes.push("updated the Form's list of places from Settings");
      }
    }
    ids = items.map((item) => byTitle.get(item.title)!.getId());
    const existing = form;
    const texts: Array<[string, string, (v: Voice) => string, () => string, (t: string) => unknown]> = [
      [
        'description',
        'description',
        formDescription,
        () => existing.getDescription(),
        (t) => existing.setDescription(t),
      ],
      [
        'confirmation',
        'confirmation message',
        formConfirmation,
        () => existing.getConfirmationMessage(),
        (t) => existing.setConfirmationMessage(t),
      ],
    ];
    for (const [key, label, write, read, set] of texts) {
      const wanted = write(voice);
      const shown = read();
      // A blank text is written too: a first setup that ended between making the Form and writing it left it so.
      if (shown === wanted || (shown.trim() && (!written[key] || hashText(shown) !== written[key]))) continue;
      set(wanted);
      written[key] = hashText(wanted);
      step.changes.push(`updated the Form's ${label} to the names in Settings`);
    }
  }
  // The title setup gave each contract item, by id (forms.ts answersOf): a question reworded in Forms keeps its meaning.
  for (const key of Object.keys(written)) if (key[0] === '#') delete written[key];
  items.forEach((item, i) => (written[`#${ids[i]}`] = item.title));
  step.changes.push(...closeFormLeaks(form));
  const others = form
    .getEditors()
    .map((u) => normalizeEmail(u.getEmail()))
    .filter((e) => e && e !== owner);
  for (const email of others) form.removeEditor(email);
  if (others.length) step.changes.push(`removed ${others.length} editor(s) from the Form (editors see every response)`);
  step.changes.push(...openFormToReports(form));
  // Checked after the changes, not assumed from them: a domain policy can keep a Form closed whatever the script sets.
  for (const reason of formNotLiveReasons(readFormLiveness(form)))
    step.warnings.push(`${reason} Reports cannot arrive.`);
  step.id = form.getId();
  step.url = form.getPublishedUrl();
  if (moveInto(step.id, folderId)) step.changes.push('moved the Form into the private folder');
  return step;
}

/** Text of an error for setup's printed report. */
export function describeSetupError(err: unknown): string {
  return errorMessage(err);
}

/** The deployed web app's URL as Apps Script reports it ('' when the script has no web app deployment). */
export function readDeployedUrl(): string {
  try {
    return ScriptApp.getService().getUrl() ?? '';
  } catch (err) {
    rethrowEnding(err);
    return '';
  }
}
