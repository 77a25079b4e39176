// Unit and property tests for the Form contract and for parsing a response into a Report.

import fc from 'fast-check';
import { FORM_ITEMS, ITEM, buildFormItems, isBlankReport, parseReport, reportIdentity } from '../../src/core/report';

/** Strings rich in what matters here: C0/C1 controls, HTML specials, accents and astral characters. */
const hostileString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('<', '>', '"', "'", '&', '=', 'é', '\u202e', '😀'),
  ),
  maxLength: 40,
});

describe('FORM_ITEMS', () => {
  it('has the contract titles in order', () => {
    expect(FORM_ITEMS.map((i) => i.title)).toEqual([
      'Your name',
      'Your email address',
      'Are you reporting on behalf of someone else?',
      'Who are you reporting on behalf of?',
      'Who was involved?',
      'Where did it happen?',
      'When did it happen?',
      'What happened?',
      'How did it affect you?',
      'Were there witnesses?',
      'Is anyone in immediate danger?',
      'Anything else we should know?',
    ]);
  });

  it('keeps name and email optional (anonymous reports) and gives the fixed choices', () => {
    const byTitle = Object.fromEntries(FORM_ITEMS.map((i) => [i.title, i]));
    expect(byTitle[ITEM.name].required).toBe(false);
    expect(byTitle[ITEM.email].required).toBe(false);
    expect(byTitle[ITEM.what].required).toBe(true);
    expect(byTitle[ITEM.onBehalf]).toMatchObject({ kind: 'choice', choices: ['Yes', 'No'] });
    expect(byTitle[ITEM.danger]).toMatchObject({ kind: 'choice', choices: ['Yes', 'No', 'Not sure'] });
    expect(byTitle[ITEM.where]).toMatchObject({ kind: 'choice', choices: ['Other'] });
  });

  it('puts the Settings spaces before Other, without blanks or duplicates', () => {
    const items = buildFormItems(['Discourse', ' ', 'discourse', 'PyCon US', 'Other']);
    expect(items.find((i) => i.title === ITEM.where)?.choices).toEqual(['Discourse', 'PyCon US', 'Other']);
    expect(items.map((i) => i.title)).toEqual(FORM_ITEMS.map((i) => i.title));
  });
});

describe('parseReport', () => {
  it('reads a full response', () => {
    const r = parseReport({
      'Your name': ' Ana Lima ',
      'Your email address': 'Ana@Example.org',
      'Are you reporting on behalf of someone else?': 'No',
      'Who was involved?': 'Sam Doe (sam@example.net), @samd',
      'Where did it happen?': 'Discourse',
      'When did it happen?': 'Last Tuesday',
      'What happened?': 'Line one\r\nLine two\u0000',
      'How did it affect you?': 'I left the channel.',
      'Were there witnesses?': 'Kim Lee and Bo Chen',
      'Is anyone in immediate danger?': 'No',
      'Anything else we should know?': ['a', 'b'],
    });
    expect(r).toEqual({
      reporterName: 'Ana Lima',
      reporterEmail: 'ana@example.org',
      reporterEmailProblem: null,
      onBehalf: 'No',
      affected: '',
      affectedPeople: { names: [], emails: [], handles: [] },
      involved: 'Sam Doe (sam@example.net), @samd',
      reported: { names: ['Sam Doe'], emails: ['sam@example.net'], handles: ['samd'] },
      space: 'Discourse',
      when: 'Last Tuesday',
      what: 'Line one\nLine two',
      witnesses: 'Kim Lee and Bo Chen',
      witnessPeople: { names: ['Kim Lee', 'Bo Chen'], emails: [], handles: [] },
      danger: false,
      dangerAnswer: 'No',
      extra: 'a, b',
      impact: 'I left the channel.',
    });
  });

  it('turns missing answers into empty strings and an anonymous reporter', () => {
    const r = parseReport({ 'What happened?': 'Something' });
    expect(r.reporterName).toBe('');
    expect(r.reporterEmail).toBeNull();
    expect(r.reporterEmailProblem).toBeNull();
    expect(r.reported).toEqual({ names: [], emails: [], handles: [] });
    expect(r.space).toBe('');
    expect(r.danger).toBe(false);
  });

  it('says why an email answer is unusable', () => {
    expect(parseReport({ 'Your email address': 'a@example.org, b@example.org' })).toMatchObject({
      reporterEmail: null,
      reporterEmailProblem: 'multiple',
    });
    expect(parseReport({ 'Your email address': 'ana at example' })).toMatchObject({
      reporterEmail: null,
      reporterEmailProblem: 'invalid',
    });
  });

  it('treats Yes and Not sure as danger', () => {
    expect(parseReport({ 'Is anyone in immediate danger?': 'Yes' }).danger).toBe(true);
    expect(parseReport({ 'Is anyone in immediate danger?': 'Not sure' }).danger).toBe(true);
    expect(parseReport({ 'Is anyone in immediate danger?': 'No' }).danger).toBe(false);
  });

  it('keeps 100,000 characters of text whole', () => {
    const long = 'x'.repeat(50_000) + '\n' + 'é'.repeat(49_999);
    expect(parseReport({ 'What happened?': long }).what).toBe(long);
  });

  it('strips control characters other than new line and tab from every field (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FORM_ITEMS.map((i) => i.title)), hostileString), (answers) => {
        const r = parseReport(answers);
        for (const value of [
          r.reporterName,
          r.onBehalf,
          r.involved,
          r.space,
          r.when,
          r.what,
          r.witnesses,
          r.dangerAnswer,
          r.extra,
        ]) {
          // eslint-disable-next-line no-control-regex
          expect(value).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F]/);
        }
      }),
    );
  });
});

describe('isBlankReport', () => {
  it('is true for no answers or only whitespace', () => {
    expect(isBlankReport({})).toBe(true);
    expect(
      isBlankReport({ 'Your name': '  ', 'What happened?': '\n\t', 'Anything else we should know?': ['', ' '] }),
    ).toBe(true);
    expect(isBlankReport({ 'What happened?': '\u0000' })).toBe(true);
  });

  it('is false as soon as one answer has text', () => {
    expect(isBlankReport({ 'Your name': '', 'What happened?': 'x' })).toBe(false);
    expect(isBlankReport({ 'Anything else we should know?': ['', 'y'] })).toBe(false);
  });
});

describe('the roles in a report', () => {
  const base = { 'What happened?': 'Sam mocked them in the chat.', 'Were there witnesses?': 'Wes Tarn' };

  it('the reporter or the affected person listed under "Who was involved?" is not a reported person', () => {
    const r = parseReport({
      ...base,
      'Your name': 'Rita Alvarez',
      'Are you reporting on behalf of someone else?': 'Yes',
      'Who are you reporting on behalf of?': 'Jo Park (jo.park@example.net)',
      'Who was involved?': 'Sam Doe, me (Alvarez, Rita); RITA ALVAREZ, Jo Park, jo.park@example.net',
    });
    expect(r.reported).toEqual({ names: ['Sam Doe'], emails: [], handles: [] });
    expect(r.affectedPeople).toEqual({ names: ['Jo Park'], emails: ['jo.park@example.net'], handles: [] });
  });

  it('a witness listed under "Who was involved?" too is not a reported person (ADV-55)', () => {
    const r = parseReport({
      ...base,
      'Who was involved?': 'Sam Doe, W. Tarn, @wes_t',
      'Were there witnesses?': 'Wes Tarn (@wes_t)',
    });
    expect(r.reported).toEqual({ names: ['Sam Doe'], emails: [], handles: [] });
  });

  it('a witness answer that only mentions the reported person leaves them reported', () => {
    for (const witnesses of ['Wes Tarn saw Sam Doe do it', "Sam Doe's friend Wes", 'Everyone, including Sam Doe'])
      expect(
        parseReport({ ...base, 'Who was involved?': 'Sam Doe', 'Were there witnesses?': witnesses }).reported,
      ).toEqual({ names: ['Sam Doe'], emails: [], handles: [] });
  });

  it('an answer under the title an older version gave the item ("If so, who was affected?") still names the affected person', () => {
    const r = parseReport({
      ...base,
      'Your name': 'Rita Alvarez',
      'If so, who was affected?': 'Jo Park',
      'Who was involved?': 'Sam Doe, Jo Park',
    });
    expect(r.affected).toBe('Jo Park');
    expect(r.reported).toEqual({ names: ['Sam Doe'], emails: [], handles: [] });
    expect(reportIdentity(r).names).toContain('Jo Park');
  });

  it('the affected person, and addresses and handles in the account, are protected like the reporter', () => {
    const r = parseReport({
      ...base,
      'Who was involved?': 'Sam Doe (@samd)',
      'Who are you reporting on behalf of?': 'Jo Park',
      'What happened?': 'Sam (@samd) wrote to my friend at kim.vale@example.net and tagged @kimv.',
    });
    const identity = reportIdentity(r);
    expect(identity.names).toEqual(expect.arrayContaining(['Jo Park', 'Wes Tarn']));
    expect(identity.emails).toContain('kim.vale@example.net');
    expect(identity.handles).toContain('kimv');
    expect(identity.handles).not.toContain('samd');
  });
});

describe('reportIdentity', () => {
  it('collects the reporter and witnesses, never the reported person', () => {
    const r = parseReport({
      'Your name': 'Ana Lima',
      'Your email address': 'ana@example.org',
      'Who was involved?': 'Sam Doe',
      'Were there witnesses?': 'Kim Lee (kim@example.com), @bochen',
    });
    expect(reportIdentity(r)).toEqual({
      names: ['Ana Lima', 'Kim Lee'],
      emails: ['ana@example.org', 'kim@example.com'],
      handles: ['bochen'],
    });
  });

  it('protects an email answer that could not be used', () => {
    const r = parseReport({ 'Your email address': 'ana.lima@example, ana@example.org' });
    const identity = reportIdentity(r);
    expect(identity.emails).toEqual(expect.arrayContaining(['ana.lima@example', 'ana@example.org']));
  });

  it('drops an anonymous placeholder name', () => {
    expect(reportIdentity(parseReport({ 'Your name': 'Anonymous' })).names).toEqual([]);
  });
});
