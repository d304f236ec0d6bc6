import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { computeQualityScore, QualityInputs } from '../../src/hosts/quality-score';
import { qualityScoreSql } from '../../src/hosts/quality-score.sql';

/**
 * The heartbeat stores a score computed by qualityScoreSql(); registration and everything else use
 * computeQualityScore(). Both engines evaluate the SQL over a grid of inputs (edges, saturation
 * points, fractions that land on rounding halves) and pseudo-random ones, and every score must be
 * bit-for-bit the TypeScript one. PostgreSQL only when TEST_DATABASE_URL is set (as the e2e specs).
 */
type Row = [number, number, number, number, number, number, number];
const KEYS: (keyof QualityInputs)[] = [
  'latency_ms',
  'packet_loss_percent',
  'current_players',
  'max_players',
  'cpu_cores',
  'memory_mb',
  'network_speed_mbps',
];

function grid(): Row[] {
  const axes = [
    [0, 0.05, 33.333, 50, 123.4567, 300, 60_000],
    [0, 0.1, 0.3, 3.335, 10, 100],
    [0, 1, 5, 49, 500],
    [0, 3, 7, 50],
    [1, 3, 4, 8],
    [1, 4095, 8192, 16_384],
    [1, 33, 100, 1000],
  ];
  return axes.reduce<number[][]>((rows, axis) => rows.flatMap((row) => axis.map((v) => [...row, v])), [[]]) as Row[];
}

/** A fixed-seed generator, so a failure reproduces. */
function random(count: number): Row[] {
  let seed = 22;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, (): Row => [
    Math.round(next() * 400_000) / 1000,
    Math.round(next() * 20_000) / 1000,
    Math.floor(next() * 120),
    Math.floor(next() * 100),
    1 + Math.floor(next() * 16),
    Math.floor(next() * 20_000),
    Math.floor(next() * 1500),
  ]);
}

// Typed as the heartbeat statement types them: the live metrics are doubles, the counts integers.
const SQL = `
  SELECT ${qualityScoreSql({
    latency_ms: 'i.latency_ms',
    packet_loss_percent: 'i.packet_loss_percent',
    current_players: 'i.current_players',
    max_players: 'i.max_players',
    cpu_cores: 'i.cpu_cores',
    memory_mb: 'i.memory_mb',
    network_speed_mbps: 'i.network_speed_mbps',
  })} AS score
  FROM unnest($1::float8[], $2::float8[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[]) WITH ORDINALITY
    AS i(${KEYS.join(', ')}, n)
  ORDER BY n`;

type Engine = (sql: string, params: unknown[]) => Promise<{ score: number }[]>;

async function expectAgreement(run: Engine, rows: Row[]): Promise<void> {
  const columns = KEYS.map((_, k) => rows.map((row) => row[k]));
  const scores = (await run(SQL, columns)).map((r) => Number(r.score));
  expect(scores).toHaveLength(rows.length);
  const mismatches = rows
    .map((row, i) => {
      const inputs = Object.fromEntries(KEYS.map((key, k) => [key, row[k]])) as unknown as QualityInputs;
      return { inputs, sql: scores[i], ts: computeQualityScore(inputs) };
    })
    .filter((m) => !Object.is(m.sql, m.ts));
  expect(mismatches.slice(0, 5)).toEqual([]);
}

const engines: [string, () => Promise<{ run: Engine; close: () => Promise<void> }>][] = [
  [
    'embedded PGlite',
    async () => {
      const db = new PGlite();
      await db.waitReady;
      return {
        run: async (sql, params) => (await db.query<{ score: number }>(sql, params)).rows,
        close: () => db.close(),
      };
    },
  ],
];
if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  engines.push([
    'PostgreSQL',
    () => {
      const pool = new Pool({ connectionString: url, max: 1 });
      return Promise.resolve({
        run: async (sql, params) => (await pool.query<{ score: number }>(sql, params)).rows,
        close: () => pool.end(),
      });
    },
  ]);
}

describe.each(engines)('qualityScoreSql on %s', (_name, open) => {
  let engine: Awaited<ReturnType<typeof open>>;

  beforeAll(async () => {
    engine = await open();
  });

  afterAll(async () => {
    await engine.close();
  });

  it('should give the TypeScript score for every point of the grid', async () => {
    await expectAgreement(engine.run, grid());
  });

  it('should give the TypeScript score for 5,000 pseudo-random hosts', async () => {
    await expectAgreement(engine.run, random(5000));
  });

  it('should round an exact half up as Math.round does, where PostgreSQL round() on a double would go to even', async () => {
    // 30 + 20 + 21.875 (1 of 8 players) + 2.5 + 1.25 + 0.5 = 76.125: scaled, exactly 7612.5.
    const rows: Row[] = [[0, 0, 1, 8, 1, 1024, 10]];
    const [{ score }] = await engine.run(
      SQL,
      KEYS.map((_, k) => rows.map((row) => row[k])),
    );
    expect(Number(score)).toBe(76.13);
    await expectAgreement(engine.run, rows);
  });
});
