/** Unit specs live beside the source (the bench's too); end-to-end tests under test/. Both run with `npm test`. */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  // The compiled copies (npm run build, the bench's) are not tests' modules: their package.json
  // would otherwise collide with the root one in Jest's module map.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/dist-bench/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,connectors,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // Only on a PostgreSQL and a Redis of its own; `npm test` runs it inside the host guard.
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/faults-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/faults-global-teardown.ts',
    },
    // Runs the faults project in a child Jest and checks the machine's servers came through untouched.
    { ...shared, displayName: 'host-guard', testMatch: ['<rootDir>/test/host-guard/*.e2e-spec.ts'] },
  ],
  maxWorkers: 2,
  // End-to-end tests wait on real retries and receivers; each wait has its own tighter deadline.
  testTimeout: 60_000,
};
