import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The module boundaries of docs/architecture.md, as `.dependency-cruiser.cjs` checks them (`npm run
 * boundaries`): the real tree passes, a fixture tree that breaks each rule fails with exactly the
 * expected violations, and the table itself is acyclic and the one the docs show.
 */
const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const FIXTURES = join(__dirname, 'fixtures');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

// A cruise of the whole tree takes a few seconds.
jest.setTimeout(120_000);

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

interface Architecture {
  modules: Record<string, string[]>;
  base: string[];
  baseLayer: string[];
}

const isRecord = (value: unknown): value is object => typeof value === 'object' && value !== null;

const isNameList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function isViolation(value: unknown): value is Violation {
  return (
    isRecord(value) &&
    'from' in value &&
    typeof value.from === 'string' &&
    'to' in value &&
    typeof value.to === 'string' &&
    'rule' in value &&
    isRecord(value.rule) &&
    'name' in value.rule &&
    typeof value.rule.name === 'string' &&
    'severity' in value.rule &&
    typeof value.rule.severity === 'string'
  );
}

function isArchitecture(value: unknown): value is Architecture {
  return (
    isRecord(value) &&
    'modules' in value &&
    isRecord(value.modules) &&
    Object.values(value.modules).every(isNameList) &&
    'base' in value &&
    isNameList(value.base) &&
    'baseLayer' in value &&
    isNameList(value.baseLayer)
  );
}

/** Runs the CLI as `npm run boundaries` does (the library is ES modules only) and reads its JSON report. */
function cruise(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [CLI, 'src', 'packages', '--config', CONFIG, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.error) {
    throw run.error;
  }
  const report: unknown = JSON.parse(run.stdout || 'null');
  const summary: unknown = isRecord(report) && 'summary' in report ? report.summary : undefined;
  const violations: unknown = isRecord(summary) && 'violations' in summary ? summary.violations : undefined;
  if (!Array.isArray(violations) || !violations.every(isViolation)) {
    throw new Error(`dependency-cruiser gave no report (exit ${run.status}): ${run.stderr}`);
  }
  return violations;
}

/** `rule: from → to`, with paths into node_modules written from there (the fixture is cruised from below the root). */
const describeViolation = ({ rule, from, to }: Violation): string =>
  `${rule.name}: ${from} → ${to.replace(/^(\.\.\/)+(?=node_modules\/)/, '')}`;

function architecture(): Architecture {
  // The configuration is CommonJS because dependency-cruiser loads it so.
  const config: unknown = createRequire(__filename)(CONFIG);
  // Not enumerable there (dependency-cruiser refuses unknown keys), so read as a property, not a key.
  const table: unknown = isRecord(config) ? Reflect.get(config, 'architecture') : undefined;
  if (!isArchitecture(table)) {
    throw new Error('.dependency-cruiser.cjs does not expose its module table');
  }
  return table;
}

/** Module → the modules it may import, the shared base included. */
function allowedImports({ modules, base, baseLayer }: Architecture): Map<string, string[]> {
  return new Map(
    Object.entries(modules).map(([name, allowed]) => [
      name,
      baseLayer.includes(name) ? allowed : [...new Set([...allowed, ...base])],
    ]),
  );
}

/** The "talks to" column of the Modules table in docs/architecture.md. */
function documentedTable(): Map<string, string[]> {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const start = doc.indexOf('| module | owns | talks to |');
  if (start < 0) {
    throw new Error('docs/architecture.md has no "| module | owns | talks to |" table');
  }
  const rows = doc.slice(start).split('\n').slice(2);
  const table = new Map<string, string[]>();
  for (const row of rows) {
    const match = /^\| `([a-z-]+)` \|.*\| ([^|]*) \|$/.exec(row);
    if (!match) {
      break;
    }
    const cell = match[2].trim();
    table.set(match[1], cell === '—' ? [] : cell.split(',').map((name) => name.trim().replace(/`/g, '')));
  }
  return table;
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('module boundaries', () => {
  it('the code as it stands breaks none', () => {
    const violations = cruise(ROOT).filter(({ rule }) => rule.severity !== 'ignore');
    expect(violations.map(describeViolation)).toEqual([]);
  });

  it('a tree that breaks them fails with exactly the expected violations', () => {
    expect(sorted(cruise(FIXTURES).map(describeViolation))).toEqual(
      sorted([
        'module-zones: src/zones/zones.service.ts → src/hosts/hosts.service.ts',
        'no-circular: src/hosts/hosts.service.ts → src/zones/zones.service.ts',
        'module-protocol: src/protocol/frame.ts → src/sessions/sessions.service.ts',
        'no-foreign-repository: src/sessions/sessions.service.ts → src/hosts/hosts.repository.ts',
        'module-metrics: src/metrics/snapshot.ts → src/database/database.service.ts',
        'database-service-only-in-repositories: src/metrics/snapshot.ts → src/database/database.service.ts',
        'sql-only-in-repositories: src/metrics/snapshot.ts → node_modules/typeorm/index.d.ts',
        'redis-only-in-state: src/metrics/snapshot.ts → node_modules/ioredis/built/index.js',
        'module-not-in-table: src/widgets/gadget.ts → src/zones/zones.service.ts',
        'server-not-client: src/dashboard/client-view.ts → packages/client/src/index.ts',
        'contract-by-name: src/dashboard/client-view.ts → packages/contract/src/index.ts',
        'contract-self-contained: packages/contract/src/index.ts → src/zones/zones.service.ts',
        'client-only-contract: packages/client/src/index.ts → src/database/database.service.ts',
      ]),
    );
  });

  it('the table has no cycle, the shared base included', () => {
    const graph = allowedImports(architecture());
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (path.includes(name)) {
        throw new Error(`cycle: ${[...path.slice(path.indexOf(name)), name].join(' → ')}`);
      }
      if (done.has(name)) {
        return;
      }
      for (const next of graph.get(name) ?? []) {
        visit(next, [...path, name]);
      }
      done.add(name);
    };
    for (const name of graph.keys()) {
      expect(() => visit(name, [])).not.toThrow();
    }
  });

  it('names every folder of src/ and only those', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(sorted(Object.keys(architecture().modules))).toEqual(sorted(folders));
  });

  it('is the table docs/architecture.md shows', () => {
    const { modules } = architecture();
    const documented = documentedTable();
    expect(sorted(documented.keys())).toEqual(sorted(Object.keys(modules)));
    for (const [name, allowed] of Object.entries(modules)) {
      expect({ name, talksTo: sorted(documented.get(name) ?? []) }).toEqual({ name, talksTo: sorted(allowed) });
    }
  });
});
