// Unit tests of ensureTriggers/removeTriggers against a fake ScriptApp: exactly one trigger per handler, on the right source.
import { ensureTriggers, removeTriggers } from '../../src/workspace/triggers';

interface FakeTrigger {
  handler: string;
  type: string;
  source: string | null;
  deleted?: boolean;
  uid?: string;
}

function install(existing: FakeTrigger[]) {
  const all = existing.map((t) => ({ ...t }));
  const created: string[] = [];
  const api = (t: FakeTrigger) => ({
    getHandlerFunction: () => t.handler,
    getEventType: () => t.type,
    getTriggerSourceId: () => t.source,
    getUniqueId: () => t.uid ?? `${t.handler}:${t.source}`,
    _t: t,
  });
  const builder = (handler: string) => ({
    forForm: (id: string) => ({
      onFormSubmit: () => ({
        create: () => {
          all.push({ handler, type: 'ON_FORM_SUBMIT', source: id });
          created.push(handler);
        },
      }),
    }),
    forSpreadsheet: (id: string) => ({
      onEdit: () => ({
        create: () => {
          all.push({ handler, type: 'ON_EDIT', source: id });
          created.push(handler);
        },
      }),
      onChange: () => ({
        create: () => {
          all.push({ handler, type: 'ON_CHANGE', source: id });
          created.push(handler);
        },
      }),
    }),
    timeBased: () => ({
      everyHours: (h: number) => ({
        create: () => {
          all.push({ handler, type: 'CLOCK', source: null });
          created.push(`${handler}@${h}h`);
        },
      }),
    }),
  });
  (globalThis as Record<string, unknown>).ScriptApp = {
    EventType: { ON_FORM_SUBMIT: 'ON_FORM_SUBMIT', CLOCK: 'CLOCK', ON_EDIT: 'ON_EDIT', ON_CHANGE: 'ON_CHANGE' },
    getProjectTriggers: () => all.filter((t) => !t.deleted).map(api),
    deleteTrigger: (t: { _t: FakeTrigger }) => {
      t._t.deleted = true;
    },
    newTrigger: builder,
  };
  return { live: () => all.filter((t) => !t.deleted), created };
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).ScriptApp;
});

const targets = { formId: 'form1', statusSpreadsheetId: 'ss1' };

test('creates the four triggers when none exist', () => {
  const fake = install([]);
  expect(ensureTriggers(targets)).toEqual({
    created: ['onReportSubmit_', 'sweep_', 'onStatusEdit_', 'onStatusChange_'],
    deleted: 0,
    kept: [],
  });
  expect(fake.created).toEqual(['onReportSubmit_', 'sweep_@1h', 'onStatusEdit_', 'onStatusChange_']);
});

test('deletes duplicates and triggers pointing at another form or sheet, keeps the good one and strangers', () => {
  const fake = install([
    { handler: 'onReportSubmit_', type: 'ON_FORM_SUBMIT', source: 'form1' },
    { handler: 'onReportSubmit_', type: 'ON_FORM_SUBMIT', source: 'form1' },
    { handler: 'onReportSubmit_', type: 'ON_FORM_SUBMIT', source: 'old-form' },
    { handler: 'sweep_', type: 'CLOCK', source: null },
    { handler: 'onStatusEdit_', type: 'ON_EDIT', source: 'old-sheet' },
    { handler: 'onStatusChange_', type: 'ON_EDIT', source: 'ss1' },
    { handler: 'somethingElse', type: 'CLOCK', source: null },
  ]);
  const report = ensureTriggers(targets);
  expect(report).toEqual({
    created: ['onStatusEdit_', 'onStatusChange_'],
    deleted: 4,
    kept: ['onReportSubmit_', 'sweep_'],
  });
  expect(
    fake
      .live()
      .map((t) => `${t.handler}:${t.source}`)
      .sort(),
  ).toEqual(['onReportSubmit_:form1', 'onStatusChange_:ss1', 'onStatusEdit_:ss1', 'somethingElse:null', 'sweep_:null']);
});

test('is idempotent', () => {
  const fake = install([]);
  ensureTriggers(targets);
  expect(ensureTriggers(targets)).toEqual({
    created: [],
    deleted: 0,
    kept: ['onReportSubmit_', 'sweep_', 'onStatusEdit_', 'onStatusChange_'],
  });
  expect(fake.live()).toHaveLength(4);
});

test("removeTriggers deletes only this project's handlers", () => {
  const fake = install([
    { handler: 'sweep_', type: 'CLOCK', source: null },
    { handler: 'onReportSubmit_', type: 'ON_FORM_SUBMIT', source: 'form1' },
    { handler: 'somethingElse', type: 'CLOCK', source: null },
  ]);
  expect(removeTriggers()).toBe(2);
  expect(fake.live().map((t) => t.handler)).toEqual(['somethingElse']);
});

test('keeps the quota wake-up it is told to keep, and removes any other without counting it as a repair', () => {
  const fake = install([
    { handler: 'onReportSubmit_', type: 'ON_FORM_SUBMIT', source: 'form1' },
    { handler: 'sweep_', type: 'CLOCK', source: null },
    { handler: 'mailAtQuotaReset_', type: 'CLOCK', source: null, uid: 'w-ran' },
    { handler: 'onStatusEdit_', type: 'ON_EDIT', source: 'ss1' },
    { handler: 'mailAtQuotaReset_', type: 'CLOCK', source: null, uid: 'w-next' },
    { handler: 'onStatusChange_', type: 'ON_CHANGE', source: 'ss1' },
  ]);
  expect(ensureTriggers(targets, 'w-next')).toEqual({
    created: [],
    deleted: 0,
    kept: ['onReportSubmit_', 'sweep_', 'onStatusEdit_', 'onStatusChange_'],
    wakeupsRemoved: 1,
  });
  expect(fake.live().map((t) => t.uid ?? t.handler)).toEqual([
    'onReportSubmit_',
    'sweep_',
    'onStatusEdit_',
    'w-next',
    'onStatusChange_',
  ]);
  // With none to keep (it ran), it goes too; the hourly sweep is never taken for it, nor it for the sweep.
  ensureTriggers(targets);
  expect(fake.live().map((t) => t.handler)).toEqual(['onReportSubmit_', 'sweep_', 'onStatusEdit_', 'onStatusChange_']);
});
