// jest projects: fast unit tests, integration tests against build/ (npm test), the adversarial catalogue (npm run test:adversarial), the deep suites (long property runs, crash matrices, scenario plays: npm run test:deep), and browser tests with chromium; CI runs them all.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
// Every project draws fast-check values from one fixed seed unless a replay or exploration is asked for.
const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/support/seeds.ts', '<rootDir>/test/support/faults.ts'],
};

/** Suites that play long histories: the property runs (a quick share in npm test, all of them in test:deep). */
const PROPERTY_SUITES = ['<rootDir>/test/robustness/properties-*.test.ts'];
/** Suites only test:deep runs: a crash before every side effect of every flow, the big registries, and the example scenarios played whole. */
const DEEP_ONLY = [
  '<rootDir>/test/robustness/crash-*.test.ts',
  '<rootDir>/test/robustness/scale-*.test.ts',
  '<rootDir>/test/integration/intake-crash.test.ts',
  '<rootDir>/test/integration/scenarios.test.ts',
];

module.exports = {
  // Integration and browser tests drive whole executions through the emulator; a busy 2-core CI machine needs room.
  testTimeout: 120000,
  // jest's default is one worker fewer than the cores: on CI's 2-core machine that is one, and half the machine idles.
  // The suites are CPU-bound and a worker needs at most a few GB of the 24, so one worker per core.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/test/core/**/*.test.ts',
        '<rootDir>/test/workspace/**/*.test.ts',
        '<rootDir>/test/workbench/**/*.test.ts',
        '<rootDir>/test/build/**/*.test.ts',
        '<rootDir>/test/scripts/**/*.test.ts',
        '<rootDir>/test/records/**/*.test.ts',
        '<rootDir>/test/flows/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/robustness/**/*.test.ts',
        '<rootDir>/test/security/**/*.test.ts',
      ],
      testPathIgnorePatterns: [
        '/node_modules/',
        '/test/robustness/crash-[^/]*\\.test\\.ts$',
        '/test/robustness/scale-[^/]*\\.test\\.ts$',
        '/test/integration/intake-crash\\.test\\.ts$',
        '/test/integration/scenarios\\.test\\.ts$',
      ],
    },
    // The adversarial catalogue (docs/adversarial.md): one test or more per attack or failure ever found, through the bundle
    // with the invariants after every step. Out of npm test to keep it to minutes; CI runs it right after.
    { ...common, displayName: 'adversarial', testMatch: ['<rootDir>/test/adversarial/**/*.test.ts'] },
    { ...common, displayName: 'deep', testMatch: [...PROPERTY_SUITES, ...DEEP_ONLY] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};
