import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation (docs/security.md, "Moderation"): bans of a peer id or a client address, kept after they
 * are lifted or expire (history), and the audit trail of every admin action.
 */
export class Moderation1766000000000 implements MigrationInterface {
  name = 'Moderation1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bans (
        id varchar(36) PRIMARY KEY,
        peer_id varchar(64),
        ip varchar(45),
        reason varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        lifted_at timestamptz,
        lifted_by varchar(128),
        created_by varchar(128) NOT NULL,
        CHECK ((peer_id IS NULL) <> (ip IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_bans_active ON bans (expires_at) WHERE lifted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE moderation_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        target varchar(128),
        reason varchar(500),
        details jsonb
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS moderation_audit');
    await queryRunner.query('DROP TABLE IF EXISTS bans');
  }
}
