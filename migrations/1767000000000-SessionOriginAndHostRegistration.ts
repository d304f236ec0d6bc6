import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions and hosts as they run (docs/api.md, "Session states" and "Host selection"):
 * - `p2p_sessions.opened_by`: the peer whose `join` of an unknown id opened an ad-hoc session (null
 *   for every other session), so ad-hoc sessions can be capped per peer and ended once empty;
 * - a session with players is active: pending sessions that already have players become active and
 *   take their zone's active slot;
 * - `hosts.registered_at`: when the host last registered, so automatic placement can wait for its
 *   first heartbeat after that. Existing hosts count as registered at their last heartbeat: each is
 *   chosen again after its next one.
 */
export class SessionOriginAndHostRegistration1767000000000 implements MigrationInterface {
  name = 'SessionOriginAndHostRegistration1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE p2p_sessions ADD COLUMN opened_by varchar(64)`);
    await queryRunner.query(
      `CREATE INDEX ix_sessions_opened_by ON p2p_sessions (opened_by, status) WHERE opened_by IS NOT NULL`,
    );
    await queryRunner.query(`
      WITH activated AS (
        UPDATE p2p_sessions SET status = 'active', started_at = COALESCE(started_at, created_at), updated_at = now()
         WHERE status = 'pending' AND current_players > 0
        RETURNING zone_id)
      UPDATE zones z SET active_sessions = z.active_sessions + a.count, updated_at = now()
        FROM (SELECT zone_id, count(*)::int AS count FROM activated GROUP BY zone_id) a
       WHERE z.id = a.zone_id`);
    await queryRunner.query(`ALTER TABLE hosts ADD COLUMN registered_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`UPDATE hosts SET registered_at = COALESCE(last_heartbeat, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE hosts DROP COLUMN IF EXISTS registered_at`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_sessions_opened_by`);
    await queryRunner.query(`ALTER TABLE p2p_sessions DROP COLUMN IF EXISTS opened_by`);
  }
}
