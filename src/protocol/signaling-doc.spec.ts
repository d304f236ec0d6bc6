import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_TYPE_ALIASES, ERROR_STATUS, SERVER_MESSAGE_FIELDS, SERVER_TYPE_NAMES } from '@ro-p2p/contract';

/**
 * docs/signaling.md against the wire contract: its message tables list exactly the contract's
 * messages, spellings and fields, its error table names only codes of the vocabulary, and every code
 * the signaling code sends is explained there.
 */
const ROOT = join(__dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'signaling.md'), 'utf8');

function section(title: string): string {
  const start = doc.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 3);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** The rows of every markdown table in `text`, as arrays of cells (header and rule rows dropped). */
function rows(text: string, header: string): string[][] {
  const table = text.slice(text.indexOf(header));
  const lines = table.split('\n').filter((line) => line.startsWith('|'));
  const end = table.split('\n').findIndex((line, i) => i > 0 && !line.startsWith('|'));
  return lines.slice(2, end === -1 ? undefined : end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

describe('docs/signaling.md against the wire contract', () => {
  const catalogue = section('Every message (the wire contract)');

  it('should list every client message kind with exactly its accepted spellings', () => {
    const documented = Object.fromEntries(
      rows(catalogue, '| kind | accepted').map(([kind, types]) => [kind, codes(types).sort()]),
    );
    const contract: Record<string, string[]> = {};
    for (const [type, kind] of Object.entries(CLIENT_TYPE_ALIASES)) {
      (contract[kind] ??= []).push(type);
    }
    expect(documented).toEqual(
      Object.fromEntries(Object.entries(contract).map(([kind, types]) => [kind, types.sort()])),
    );
  });

  it('should list every server message with its spelling in each dialect and exactly its fields', () => {
    const documented = Object.fromEntries(
      rows(catalogue, '| kind | DLL').map(([kind, dll, reference, fields]) => [
        kind,
        { dll: codes(dll)[0], reference: codes(reference)[0], fields: codes(fields).sort() },
      ]),
    );
    const contract = Object.fromEntries(
      Object.entries(SERVER_TYPE_NAMES).map(([kind, names]) => [
        kind,
        {
          dll: names.dll,
          reference: names.reference,
          fields: Object.keys(SERVER_MESSAGE_FIELDS[kind as keyof typeof SERVER_MESSAGE_FIELDS]).sort(),
        },
      ]),
    );
    expect(documented).toEqual(contract);
  });

  it('should explain only codes of the error vocabulary, and every code the signaling code sends', () => {
    const documented = new Set(
      rows(section('Errors'), '| code |').flatMap(([cell]) => codes(cell).filter((code) => /^[A-Z_]+$/.test(code))),
    );
    for (const code of documented) {
      expect(Object.keys(ERROR_STATUS)).toContain(code);
    }
    const sent = new Set<string>();
    const dir = join(ROOT, 'src', 'signaling');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const match of source.matchAll(/(?:sendError\(|code: )'([A-Z_]+)'/g)) {
        sent.add(match[1]);
      }
    }
    expect(sent.size).toBeGreaterThan(5);
    expect([...sent].filter((code) => !documented.has(code))).toEqual([]);
  });
});
