// jest projects: fast unit tests, integration tests against build/ (robustness, adversarial and security suites included), and browser tests with chromium.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Integration and browser tests drive whole executions through the emulator; a busy 2-core CI machine needs room.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/workspace/**/*.test.ts', '<rootDir>/test/emulator/**/*.test.ts', '<rootDir>/test/build/**/*.test.ts', '<rootDir>/test/scripts/**/*.test.ts'] },
    {
      ...common, displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/robustness/**/*.test.ts', '<rootDir>/test/adversarial/**/*.test.ts', '<rootDir>/test/security/**/*.test.ts'],
    },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};
