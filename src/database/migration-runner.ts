import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same on every node so migrations run once at a time.
const MIGRATION_LOCK_ID = 748_201_331;

/** Runs pending migrations under an advisory lock, so nodes starting together do not race. */
export async function runMigrations(dataSource: DataSource, logger = new Logger('Migrations')): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) {
      logger.log(`Applied ${applied.length} migration(s): ${applied.map((migration) => migration.name).join(', ')}`);
    }
    return applied.length;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
