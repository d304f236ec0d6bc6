import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hosts, zones, sessions and session players. Statuses are lowercase text with CHECK constraints
 * (portable, and new values need no enum rewrite). Players live in their own table keyed
 * (session, player) so concurrent adds and removes are single-row operations.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hosts (
        id serial PRIMARY KEY,
        host_id varchar(64) NOT NULL UNIQUE,
        player_id varchar(64) NOT NULL,
        player_name varchar(64) NOT NULL,
        ip_address varchar(45) NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        public_ip varchar(45),
        cpu_cores integer NOT NULL,
        cpu_frequency_mhz integer NOT NULL,
        memory_mb integer NOT NULL,
        network_speed_mbps integer NOT NULL,
        latency_ms double precision NOT NULL DEFAULT 0,
        packet_loss_percent double precision NOT NULL DEFAULT 0,
        bandwidth_usage_mbps double precision NOT NULL DEFAULT 0,
        status varchar(16) NOT NULL DEFAULT 'online' CHECK (status IN ('online','offline','busy','maintenance')),
        max_players integer NOT NULL DEFAULT 50,
        current_players integer NOT NULL DEFAULT 0,
        max_zones integer NOT NULL DEFAULT 5,
        current_zones integer NOT NULL DEFAULT 0,
        quality_score double precision NOT NULL DEFAULT 0,
        eligible boolean NOT NULL DEFAULT true,
        ice_servers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_heartbeat timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ix_hosts_player_id ON hosts (player_id)`);
    await queryRunner.query(`CREATE INDEX ix_hosts_status_quality ON hosts (status, quality_score DESC)`);
    await queryRunner.query(`
      CREATE TABLE zones (
        id serial PRIMARY KEY,
        zone_id varchar(64) NOT NULL UNIQUE,
        zone_name varchar(128) NOT NULL,
        zone_display_name varchar(128) NOT NULL,
        map_name varchar(64) NOT NULL,
        max_players integer NOT NULL DEFAULT 100,
        recommended_players integer NOT NULL DEFAULT 50,
        p2p_enabled boolean NOT NULL DEFAULT true,
        p2p_priority integer NOT NULL DEFAULT 1,
        fallback_enabled boolean NOT NULL DEFAULT true,
        min_host_quality_score double precision NOT NULL DEFAULT 50,
        min_bandwidth_mbps integer NOT NULL DEFAULT 100,
        max_latency_ms integer NOT NULL DEFAULT 100,
        status varchar(16) NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled','disabled','maintenance')),
        total_sessions integer NOT NULL DEFAULT 0,
        active_sessions integer NOT NULL DEFAULT 0,
        total_players_served integer NOT NULL DEFAULT 0,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE p2p_sessions (
        id serial PRIMARY KEY,
        session_id varchar(64) NOT NULL UNIQUE,
        host_id integer REFERENCES hosts(id) ON DELETE CASCADE,
        zone_id integer NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        max_players integer NOT NULL,
        current_players integer NOT NULL DEFAULT 0 CHECK (current_players >= 0),
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','paused','ended','failed')),
        average_latency_ms double precision NOT NULL DEFAULT 0,
        average_packet_loss_percent double precision NOT NULL DEFAULT 0,
        bandwidth_usage_mbps double precision NOT NULL DEFAULT 0,
        end_reason varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        ended_at timestamptz,
        CHECK (current_players <= max_players)
      )`);
    await queryRunner.query(`CREATE INDEX ix_sessions_zone_status ON p2p_sessions (zone_id, status)`);
    await queryRunner.query(`CREATE INDEX ix_sessions_host_status ON p2p_sessions (host_id, status)`);
    await queryRunner.query(`CREATE INDEX ix_sessions_status_activity ON p2p_sessions (status, last_activity_at)`);
    await queryRunner.query(`
      CREATE TABLE session_players (
        session_id integer NOT NULL REFERENCES p2p_sessions(id) ON DELETE CASCADE,
        player_id varchar(64) NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, player_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_session_players_player ON session_players (player_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_players`);
    await queryRunner.query(`DROP TABLE p2p_sessions`);
    await queryRunner.query(`DROP TABLE zones`);
    await queryRunner.query(`DROP TABLE hosts`);
  }
}
