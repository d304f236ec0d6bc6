/**
 * `npm test -w @ro-p2p/client`: this package's specs on their own. The wire contract is taken from
 * its sources, so nothing needs building first. The repository's root run includes the same specs
 * in its unit project.
 */
module.exports = {
  displayName: 'client',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ro-p2p/contract$': '<rootDir>/../contract/src/index.ts',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
