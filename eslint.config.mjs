// ESLint flat config: typescript-eslint recommended rules, Apps Script globals for src/, Node for tests and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/', 'out/', 'node_modules/', 'coverage/', 'test-output/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
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
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'setTimeout', 'setInterval',
        'SpreadsheetApp', 'DocumentApp', 'DriveApp', 'Drive', 'MailApp', 'GmailApp', 'FormApp', 'ScriptApp',
        'LockService', 'PropertiesService', 'Session', 'Utilities', 'HtmlService', 'ContentService', 'Logger'],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
