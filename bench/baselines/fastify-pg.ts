/**
 * Baseline: bare Fastify + pg running the coordinator's own statements for a heartbeat (a
 * transaction: SELECT ... FOR UPDATE, then the UPDATE) and a host read, with no validation,
 * no framework layers and the same pool size. Usage: node fastify-pg.js <port> <database url>
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.argv[3],
  max: 15 /* the coordinator's default pool: 10 + 5 overflow */,
});
const app = Fastify({ logger: false });

const HEARTBEAT_SQL = `
  WITH updated AS (
    UPDATE hosts SET latency_ms = $2, packet_loss_percent = $3, bandwidth_usage_mbps = $4, current_players = $5,
      current_zones = $6, quality_score = $7, last_heartbeat = now(), updated_at = now(),
      status = CASE WHEN status = 'offline' THEN 'online' ELSE status END
    WHERE id = $1
    RETURNING *)
  SELECT * FROM updated`;

interface Heartbeat {
  latency_ms: number;
  packet_loss_percent: number;
  bandwidth_usage_mbps: number;
  current_players: number;
  current_zones: number;
}

app.get<{ Params: { id: string } }>('/api/v1/hosts/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT * FROM hosts WHERE host_id = $1', [request.params.id]);
  return rows[0] ?? reply.code(404).send({ code: 'HOST_NOT_FOUND' });
});

app.post<{ Params: { id: string }; Body: Heartbeat }>('/api/v1/hosts/:id/heartbeat', async (request, reply) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: number }>('SELECT * FROM hosts WHERE host_id = $1 FOR UPDATE', [
      request.params.id,
    ]);
    if (!rows[0]) {
      await client.query('ROLLBACK');
      return reply.code(404).send({ code: 'HOST_NOT_FOUND' });
    }
    const b = request.body;
    // A fixed score: the coordinator's scoring is a few arithmetic operations, not a statement.
    const updated = await client.query(HEARTBEAT_SQL, [
      rows[0].id,
      b.latency_ms,
      b.packet_loss_percent,
      b.bandwidth_usage_mbps,
      b.current_players,
      b.current_zones,
      80,
    ]);
    await client.query('COMMIT');
    return updated.rows[0] as unknown;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
});

app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
