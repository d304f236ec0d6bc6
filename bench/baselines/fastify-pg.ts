/**
 * Baseline: the floor for the REST jobs, bare Fastify + pg doing each in the fewest statements that
 * do it correctly: a heartbeat is one `UPDATE … RETURNING` (metrics stored, the quality score
 * recomputed from them and the row's hardware, an offline host back online), a host read one
 * `SELECT`. No validation, no framework layers, the same pool size.
 * Usage: node fastify-pg.js <port> <database url>
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { qualityScoreSql } from '../../src/hosts/quality-score.sql';

const pool = new Pool({
  connectionString: process.argv[3],
  max: 15 /* the coordinator's default pool: 10 + 5 overflow */,
});
const app = Fastify({ logger: false });

// The score is part of the job (the formula every host is ranked by), so it is computed here too.
const HEARTBEAT_SQL = `
  UPDATE hosts SET latency_ms = $2, packet_loss_percent = $3, bandwidth_usage_mbps = $4, current_players = $5,
    current_zones = $6, last_heartbeat = now(), updated_at = now(),
    status = CASE WHEN status = 'offline' THEN 'online' ELSE status END,
    quality_score = ${qualityScoreSql({
      latency_ms: '$2',
      packet_loss_percent: '$3',
      current_players: '$5::int',
      max_players: 'max_players',
      cpu_cores: 'cpu_cores',
      memory_mb: 'memory_mb',
      network_speed_mbps: 'network_speed_mbps',
    })}
  WHERE host_id = $1
  RETURNING *`;

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
  const b = request.body;
  const { rows } = await pool.query(HEARTBEAT_SQL, [
    request.params.id,
    b.latency_ms,
    b.packet_loss_percent,
    b.bandwidth_usage_mbps,
    b.current_players,
    b.current_zones,
  ]);
  return rows[0] ?? reply.code(404).send({ code: 'HOST_NOT_FOUND' });
});

app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
