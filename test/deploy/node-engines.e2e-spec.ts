import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies, validRange } from 'semver';

/**
 * The supported Node versions are the README's (20.19+ and 22 LTS) and package.json's `engines`.
 * Every package the lockfile installs must accept both ends, or `npm ci` prints EBADENGINE
 * warnings on a supported Node (and the package may really not run there).
 */
const root = join(__dirname, '..', '..');
const SUPPORTED = ['20.19.0', '22.13.0'];
const TOO_OLD = ['20.18.0', '18.20.0', '21.7.0', '22.12.0'];

interface LockPackage {
  engines?: { node?: string } | string[];
  dev?: boolean;
  optional?: boolean;
}

const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('Supported Node versions', () => {
  const pkg = read('package.json') as { engines: { node: string } };

  it('should declare the range the README states in every package of the workspace', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('Node 20.19+');
    for (const file of ['package.json', 'packages/contract/package.json', 'packages/client/package.json']) {
      const range = (read(file) as { engines: { node: string } }).engines.node;
      expect({ file, range }).toEqual({ file, range: pkg.engines.node });
    }
    for (const version of SUPPORTED) {
      expect({ version, ok: satisfies(version, pkg.engines.node) }).toEqual({ version, ok: true });
    }
    for (const version of TOO_OLD) {
      expect({ version, ok: satisfies(version, pkg.engines.node) }).toEqual({ version, ok: false });
    }
  });

  it('should install no package whose engines exclude a supported Node', () => {
    const lock = read('package-lock.json') as { packages: Record<string, LockPackage> };
    const refusing: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !range || !validRange(range)) {
        continue;
      }
      checked++;
      for (const version of SUPPORTED) {
        if (!satisfies(version, range, { includePrerelease: true })) {
          refusing.push(`${path.replace(/^.*node_modules\//, '')} wants node ${range} (not ${version})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(refusing).toEqual([]);
  });
});
