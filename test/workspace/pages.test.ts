// The page contract (src/workspace/pages.ts PageData): every variable a template reads is one its contract gives it, so a page never prints an undefined value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageData, PageName } from '../../src/workspace/pages';

const PAGES_DIR = join(__dirname, '..', '..', 'src', 'pages');

const LINK = { label: 'l', href: 'h' };
const NOTICE = { notice: ['n'], noticeTone: 'done' };

/**
 * One value per contract, typed by it: the compiler refuses a sample that lacks a field or has one the contract
 * does not list, so the keys below are exactly the contract's.
 */
const SAMPLES: { [P in PageName]: PageData[P] } = {
  invalid: { token: 'abc.def' },
  busy: {},
  result: { heading: 'h', lines: ['l'], notes: [], links: [LINK], tone: 'ok', outcome: 'done' },
  'case-result': { ...NOTICE, heading: 'h', links: [LINK] },
  screening: {
    token: 't',
    codeName: 'c',
    people: ['p'],
    mode: 'no-conflict',
    cleared: false,
    clearedOn: '',
    trashed: false,
    docUrl: '',
    error: '',
  },
  onboarding: { token: 't', people: [{ field: 'f', label: 'l', code: 'calm otter' }], listKey: 'k', error: '' },
  vote: {
    ...NOTICE,
    token: 't',
    codeName: 'c',
    summary: 's',
    current: '',
    question: '',
    plan: 'p',
    consequences: 'c',
    docUrl: 'd',
    canVote: true,
    voteId: 'v',
    letter: '',
  },
  inbox: {
    ...NOTICE,
    token: 't',
    from: 'f',
    received: 'r',
    subject: 's',
    text: 'x',
    open: true,
    bounce: false,
    auto: false,
    via: true,
    file: '',
    spaces: ['s'],
  },
  moderator: {
    ...NOTICE,
    token: 't',
    space: 's',
    recommendation: 'r',
    current: '',
    answeredOn: '',
    details: '',
    open: true,
  },
  case: {
    ...NOTICE,
    token: 't',
    codeName: 'c',
    status: 'New',
    phaseText: 'p',
    nextAction: 'n',
    badFaith: false,
    docUrl: 'd',
    deadlines: [],
    risks: [{ label: 'l', value: 'v' }],
    vote: null,
    moderatorsSpace: '',
    moderatorsStanding: '',
    moderators: [],
    reporterContact: 'r',
    actions: [],
    blocked: [],
    memberName: 'm',
    patterns: [
      { code: 'calm otter', cases: [{ codeName: 'brave lake', status: 'Resolved' }], others: '2 earlier cases' },
    ],
  },
  propose: { ...NOTICE, token: 't', titleValue: 't', textValue: 'x', daysValue: '3', minDays: 3, maxDays: 7 },
  proposal: {
    ...NOTICE,
    token: 't',
    n: 1,
    proposalTitle: 't',
    state: 's',
    text: 'x',
    docUrl: 'd',
    dates: [{ label: 'l', value: 'v' }],
    summary: 's',
    canVote: true,
    current: '',
    canRecordBoard: true,
  },
  record: {
    ...NOTICE,
    token: 't',
    items: [{ title: 't', kind: 'choice', required: false, help: 'h', choices: ['c'], value: 'c' }],
    conflict: false,
  },
};

/**
 * Set on every template by renderPage whatever the page: the web app's URL, the title, the partial includer and the
 * committee's names from Settings.
 */
const ALWAYS = new Set(['url', 'title', 'include', 'committee', 'theCommittee', 'community']);
const JS_WORDS = new Set([
  'var',
  'for',
  'if',
  'else',
  'true',
  'false',
  'null',
  'undefined',
  'length',
  'typeof',
  'in',
  'of',
  'new',
  'return',
]);

/** The free variables a template's scriptlets read: identifiers not after a dot, not declared with `var`, not JS words. */
function variablesRead(template: string): Set<string> {
  const code = [...template.matchAll(/<\?(?:=|!=)?([\s\S]*?)\?>/g)]
    .map((m) => m[1].replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, ' '))
    .join('\n');
  const declared = new Set([...code.matchAll(/\bvar\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const read = new Set<string>();
  for (const m of code.matchAll(/(^|[^.\w$])([A-Za-z_$][\w$]*)/g)) {
    const name = m[2];
    if (!declared.has(name) && !JS_WORDS.has(name) && !ALWAYS.has(name)) read.add(name);
  }
  return read;
}

describe('page contract', () => {
  test.each(Object.keys(SAMPLES) as PageName[])('%s.html reads only variables its contract gives it', (page) => {
    const template = readFileSync(join(PAGES_DIR, `${page}.html`), 'utf8');
    const given = new Set(Object.keys(SAMPLES[page]));
    expect([...variablesRead(template)].filter((v) => !given.has(v)).sort()).toEqual([]);
  });

  test('the reader finds free variables and skips members, locals and strings', () => {
    const read = variablesRead(
      `<?= heading ?><? for (var i = 0; i < lines.length; i++) { ?><?= lines[i].text ?><? } ?><?!= include('x') ?><? /* note */ ?><?= 'literal' ?>`,
    );
    expect([...read].sort()).toEqual(['heading', 'lines']);
  });

  test('a template reading a variable outside its contract is caught', () => {
    const read = variablesRead('<?= codeName ?> <?= reporterName ?>');
    const given = new Set(Object.keys(SAMPLES.vote));
    expect([...read].filter((v) => !given.has(v))).toEqual(['reporterName']);
  });
});
