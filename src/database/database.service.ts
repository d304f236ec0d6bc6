import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-errors';
import { AppConfig } from '../config/app-config';
import { databaseErrors } from '../metrics/ops.metrics';
import { SerialQueue } from './serial-queue';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The one way repositories reach SQL. PGlite is a single in-process connection, so in embedded mode
 * every statement and transaction is serialised; otherwise a transaction from one request could
 * swallow another request's statements. With PostgreSQL calls go straight to the pool.
 */
/** Counts failures by kind: `unavailable` (connection lost, pool closed) is what alerts watch. */
function countFailure<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    databaseErrors.inc({ kind: isDatabaseUnavailable(error) ? 'unavailable' : 'statement' });
    throw error;
  });
}

@Injectable()
export class Database implements Queryable {
  private readonly queue?: SerialQueue;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.queue = config.db.embedded ? new SerialQueue() : undefined;
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const run = () => this.dataSource.query<T[]>(sql, params);
    return countFailure(this.queue ? this.queue.run(run) : run());
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const run = () =>
      this.dataSource.transaction((manager: EntityManager) =>
        work({ query: <R>(sql: string, params: unknown[] = []) => manager.query<R[]>(sql, params) }),
      );
    return countFailure(this.queue ? this.queue.run(run) : run());
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }
}
