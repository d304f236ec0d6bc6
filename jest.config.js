/**
 * Run through scripts/run-tests.js (node --experimental-vm-modules): PGlite and NestJS load some
 * modules with dynamic import(), which jest only supports with that flag.
 *
 * Four projects: fast unit specs next to the code, integration specs for stores, e2e specs
 * against real servers, and reliability specs (faults, fuzzing, soak). NestJS 12 ships as ES modules, which jest cannot `require` on Node 20, so
 * those packages are compiled to CommonJS by babel-jest (cached after the first run).
 */
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'uid',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
];

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  '^.+\\.m?js$': [
    'babel-jest',
    {
      babelrc: false,
      configFile: false,
      plugins: [
        require.resolve('./test/babel-drop-create-require.js'),
        'babel-plugin-transform-import-meta',
        '@babel/plugin-transform-dynamic-import',
        ['@babel/plugin-transform-modules-commonjs', { importInterop: 'node' }],
      ],
    },
  ],
};
/** Workspace packages by name, from their sources (no build needed to test). */
const moduleNameMapper = {
  '^@ro-p2p/contract$': '<rootDir>/packages/contract/src/index.ts',
  '^@ro-p2p/contract/(.*)$': '<rootDir>/packages/contract/src/$1',
  '^@ro-p2p/client$': '<rootDir>/packages/client/src/index.ts',
  '^@ro-p2p/client/(.*)$': '<rootDir>/packages/client/src/$1',
};
const common = {
  moduleFileExtensions: ['js', 'mjs', 'json', 'ts'],
  moduleNameMapper,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: '.',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/packages/contract/src/**/*.spec.ts',
        '<rootDir>/packages/client/src/**/*.spec.ts',
        '<rootDir>/test/architecture/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      rootDir: '.',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
    {
      // Fault injection, fuzzing and soak against real servers and processes (short variants by
      // default; RELIABILITY_FULL=1 runs the full counts through `npm run test:reliability`).
      ...common,
      displayName: 'reliability',
      rootDir: '.',
      testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
  ],
};
