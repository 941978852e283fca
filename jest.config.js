/** @type {import('jest').Config['transform']} */
// One transform for every TypeScript project: swc, compiled to CommonJS for jest.
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
};

const project = (displayName, root, extra = {}) => ({
  displayName,
  roots: [`<rootDir>/${root}`],
  transform,
  testEnvironment: 'node',
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  transform,
  // Databases and browsers make some tests slow; each test file still finishes on its own.
  testTimeout: 30_000,
  // One database for the whole run (embedded when MONGODB_URI is unset); each file uses its own db name.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  projects: [
    project('shared', 'shared/src'),
    project('sim', 'sim/src'),
    project('bff', 'bff/src'),
    project('miniapp', 'miniapp/src', { testMatch: ['**/*.test.ts'] }),
    // Every query the services run must be in the query inventory (tests/support/query-shapes-setup.ts).
    project('integration', 'tests/integration', {
      setupFilesAfterEnv: ['<rootDir>/tests/support/query-shapes-setup.ts'],
    }),
    project('conformance', 'tests/conformance'),
    project('e2e', 'tests/e2e'),
    project('weapp', 'tests/weapp'),
  ],
};
