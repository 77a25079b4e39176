// ESLint flat config: typescript-eslint recommended rules, Apps Script globals for src/, Node for tests, scripts and the workbench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Nothing in src/ may import the tests, the scripts, the workbench or Node's modules. */
const OUTSIDE_SRC = {
  regex: '^(\\.\\./)+(test|scripts|workbench)(/|$)|^node:',
  message: 'src/ becomes the Apps Script bundle: it imports nothing from test/, scripts/, workbench/ or Node.',
};

/** Outside workbench/ (and its own conformance tests, test/workbench/), the workbench is reached only through its index. */
const WORKBENCH_INDEX_ONLY = {
  regex: '(^|/)workbench/(?!index(\\.ts)?$)',
  message:
    'Import the workbench through its index (workbench/index.ts), not its files: only test/workbench/ reaches inside it.',
};
/** The workbench serves the tests, the scenario runner and the benchmark: it never imports them. */
const WORKBENCH_OUTWARD = {
  regex: '^(\\.\\./)+(test|scripts)(/|$)',
  message: 'workbench/ never imports test/ or scripts/: they use it, not the other way round.',
};
/** The scripts run the workbench, not the tests. */
const SCRIPTS_TO_TEST = {
  regex: '^(\\.\\./)+test(/|$)',
  message: 'scripts/ never imports test/: the emulator and the simulated people are in workbench/.',
};

/** One `no-restricted-imports` block per layer: files, the imports they may not make, and why. */
function importBoundaries(layers) {
  return [
    { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [OUTSIDE_SRC] }] } },
    ...layers.map(([files, regex, message]) => ({
      files: [files],
      rules: { 'no-restricted-imports': ['error', { patterns: [OUTSIDE_SRC, { regex, message }] }] },
    })),
  ];
}

export default tseslint.config(
  { ignores: ['build/', 'out/', 'node_modules/', 'coverage/', 'test-output/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/flows/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'Buffer',
        'process',
        'require',
        'setTimeout',
        'setInterval',
        'SpreadsheetApp',
        'DocumentApp',
        'DriveApp',
        'Drive',
        'MailApp',
        'GmailApp',
        'FormApp',
        'ScriptApp',
        'LockService',
        'PropertiesService',
        'Session',
        'Utilities',
        'HtmlService',
        'ContentService',
        'Logger',
      ],
    },
  },
  // Import boundaries (docs/architecture.md "Layers"): core imports only core; workspace never imports records,
  // flows or entry points; records never import flows or entry points; flows never import entry points; nothing in
  // src/ reaches the tests, the scripts or the local Workspace (the bundle runs on Google, where they do not exist).
  ...importBoundaries([
    [
      'src/core/**/*.ts',
      '^\\.\\./(workspace|records|flows|entrypoints|pages)(/|$)',
      'src/core imports only src/core (pure logic, no Apps Script).',
    ],
    [
      'src/workspace/**/*.ts',
      '^\\.\\./(records|flows|entrypoints)(/|$)',
      'src/workspace is below records, flows and entry points: it never imports them.',
    ],
    [
      'src/records/**/*.ts',
      '^\\.\\./(flows|entrypoints)(/|$)',
      'src/records is below flows and entry points: it never imports them.',
    ],
    ['src/flows/**/*.ts', '^\\.\\./entrypoints(/|$)', 'Flows never import entry points (entry points call flows).'],
  ]),
  // The workbench (docs/development.md "The workbench"): tests and scripts use it through workbench/index.ts only; its
  // own conformance tests (test/workbench/) may reach its files; it never imports the tests or the scripts.
  {
    files: ['test/**/*.ts'],
    ignores: ['test/workbench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [WORKBENCH_INDEX_ONLY] }] },
  },
  {
    files: ['scripts/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [WORKBENCH_INDEX_ONLY, SCRIPTS_TO_TEST] }] },
  },
  { files: ['workbench/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [WORKBENCH_OUTWARD] }] } },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  { files: ['workbench/**/*.ts'], languageOptions: { globals: globals.node } },
);
