/**
 * Module boundaries, checked by `npm run boundaries` (dependency-cruiser). The table below is the
 * "talks to" column of docs/architecture.md: each module under src/ may import itself, the modules
 * its row lists, and the shared base; anything else is a violation. test/architecture/boundaries.spec.ts
 * checks that the table has no cycle, that the docs show the same table, and that a fixture tree
 * breaking the rules fails the check.
 */
const { join } = require('node:path');

/**
 * The shared base every module may import (except `protocol` and `config`, which import nothing):
 * `common` (errors, filters, HTTP helpers, validation, small utilities), `config` (the typed
 * AppConfig), `logging`, and the metric instruments of `metrics` (below).
 */
const BASE = ['common', 'config', 'logging'];

/**
 * The metric instruments: module-level prom-client metrics and the factory that keeps one per name,
 * so that a repository, a hook or a store can count without depending on the metrics module. They
 * import nothing from src/ but each other and `protocol`; the rest of `metrics` (the endpoint, the
 * listener, the database-backed gauges) sits at the top of the graph.
 */
const METRIC_INSTRUMENTS = '^src/metrics/(metric-factory|tallied-counter|[^/]+[.]metrics)[.]ts$';

/**
 * Module → the modules it may import besides itself and the shared base. Keep in step with the
 * table in docs/architecture.md (the spec compares them).
 * @type {Record<string, string[]>}
 */
const MODULES = {
  // The base layer, bottom up: imports nothing at all, or only the modules named.
  protocol: [],
  config: [],
  common: ['config', 'protocol'],
  logging: ['common', 'config'],
  // Everything else also uses the base.
  auth: ['bans', 'identity', 'state'],
  audit: ['auth', 'database'],
  bans: ['database'],
  identity: [],
  'rate-limit': ['auth', 'state'],
  database: [],
  state: [],
  ice: ['auth', 'protocol'],
  maps: [],
  webhooks: [],
  zones: ['audit', 'auth', 'database', 'maps', 'webhooks'],
  hosts: ['audit', 'auth', 'database', 'zones'],
  sessions: ['audit', 'auth', 'database', 'hosts', 'zones'],
  signaling: ['auth', 'bans', 'ice', 'identity', 'maps', 'protocol', 'sessions', 'state', 'webhooks', 'zones'],
  monitoring: ['auth', 'database', 'state'],
  dashboard: ['auth', 'hosts', 'protocol', 'sessions', 'signaling', 'zones'],
  moderation: ['audit', 'auth', 'bans', 'signaling', 'webhooks'],
  ai: ['protocol', 'signaling'],
  health: ['auth', 'database', 'signaling', 'state'],
  metrics: ['auth', 'hosts', 'monitoring', 'sessions'],
  info: ['auth', 'zones'],
};

/** Modules of the base layer: they get only what their row lists, not the base. */
const BASE_LAYER = ['protocol', 'config', 'common', 'logging'];

const anyOf = (names) => `^src/(${names.join('|')})/`;

/** One rule per module: from src/<module>/ to any src/ folder its row (and the base) does not allow. */
const moduleRules = Object.entries(MODULES).map(([name, allowed]) => {
  const base = BASE_LAYER.includes(name) ? [] : BASE;
  const permitted = [...new Set([name, ...allowed, ...base])].sort();
  const instruments = BASE_LAYER.includes(name) ? [] : [METRIC_INSTRUMENTS];
  const shown = allowed.length > 0 ? allowed.join(', ') : 'nothing else';
  return {
    name: `module-${name}`,
    severity: 'error',
    comment:
      name === 'protocol'
        ? 'protocol is pure code: it imports nothing from the rest of src/'
        : `${name} may import ${shown}${base.length > 0 ? ' (besides the shared base: common, config, logging, metric instruments)' : ''}; see docs/architecture.md`,
    // The metric instruments inside src/metrics have a rule of their own (metric-instruments-are-leaves).
    from: name === 'metrics' ? { path: `^src/${name}/`, pathNot: METRIC_INSTRUMENTS } : { path: `^src/${name}/` },
    to: { path: '^src/', pathNot: [anyOf(permitted), ...instruments] },
  };
});

/** Where SQL drivers and the ORM may be imported (the `Database` service wraps them for everyone else). */
const SQL_DRIVERS =
  '(^|/)node_modules/(@types/)?(typeorm|@nestjs/typeorm|typeorm-pglite|pg|pg-[^/]+|mysql2|@electric-sql/pglite)/';
const REDIS_CLIENTS = '(^|/)node_modules/(@types/)?(ioredis|@nestjs-modules/ioredis)/';

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    ...moduleRules,
    {
      name: 'module-not-in-table',
      severity: 'error',
      comment: 'every folder under src/ is a module with a row in docs/architecture.md and in MODULES here',
      from: { path: '^src/[^/]+/', pathNot: anyOf(Object.keys(MODULES)) },
      to: {},
    },
    {
      name: 'metric-instruments-are-leaves',
      severity: 'error',
      comment:
        'the metric instruments import nothing from src/ but each other and protocol, so every module may use them',
      from: { path: METRIC_INSTRUMENTS },
      to: { path: '^src/', pathNot: [METRIC_INSTRUMENTS, '^src/protocol/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'no import cycles: between modules the table already forbids them, this catches them inside one. A cycle that a type-only import closes is left alone: it is gone once compiled, so it cannot change load order',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'pre-compilation-only'] } },
    },
    {
      name: 'no-foreign-repository',
      severity: 'error',
      comment: 'a module uses another through its exported service, never its repository',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.+[.]repository[.]ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'sql-only-in-repositories',
      severity: 'error',
      comment:
        'the ORM and SQL drivers are imported only by repositories, entities, the database module and migrations',
      from: { path: '^src/', pathNot: ['^src/database/', '[.]repository[.]ts$', '[.]entity[.]ts$'] },
      to: { path: SQL_DRIVERS },
    },
    {
      name: 'database-service-only-in-repositories',
      severity: 'error',
      comment:
        'SQL goes through the Database service, which only repositories (and health, which pings it) hold; a service may name the Queryable type of a transaction it passes to its repositories',
      from: { path: '^src/', pathNot: ['^src/(database|health)/', '[.]repository[.]ts$'] },
      to: { path: '^src/database/database[.]service[.]ts$', dependencyTypesNot: ['type-only', 'pre-compilation-only'] },
    },
    {
      name: 'redis-only-in-state',
      severity: 'error',
      comment: 'Redis is reached only through the live-state stores of src/state',
      from: { path: '^src/', pathNot: '^src/state/' },
      to: { path: REDIS_CLIENTS },
    },
    {
      name: 'contract-self-contained',
      severity: 'error',
      comment: "packages/contract imports nothing outside itself (Node's built-ins aside)",
      from: { path: '^packages/contract/' },
      to: { pathNot: '^packages/contract/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'client-only-contract',
      severity: 'error',
      comment: 'packages/client imports itself, @ro-p2p/contract and npm packages, never src/ or another workspace',
      from: { path: '^packages/client/' },
      to: { path: '^(src|packages/(?!(client|contract)/)[^/]+)/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      comment: 'the server never imports the client SDK',
      from: { path: '^src/' },
      to: { path: '^packages/client/|(^|/)node_modules/@ro-p2p/client/' },
    },
    {
      name: 'contract-by-name',
      severity: 'error',
      comment: 'the server imports the contract as @ro-p2p/contract, not by a relative path into the package',
      from: { path: '^src/' },
      to: { path: '^packages/contract/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The rules are about the code that ships; specs and build output are not cruised.
    exclude: { path: '([.](spec|int-spec|e2e-spec|rel-spec)[.]ts$)|(^|/)dist/' },
    // Type-only imports count: a module that names another's types depends on it. 'specify' marks the
    // imports that vanish on compilation, which some rules treat differently.
    tsPreCompilationDeps: 'specify',
    // Absolute, so fixture trees cruised from another directory resolve the same way.
    tsConfig: { fileName: join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
  },
};

// The table itself, for the spec. Not enumerable: dependency-cruiser refuses unknown configuration keys.
Object.defineProperty(config, 'architecture', {
  value: { modules: MODULES, base: BASE, baseLayer: BASE_LAYER },
  enumerable: false,
});

module.exports = config;
