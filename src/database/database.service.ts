import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-errors';
import { AppConfig } from '../config/app-config';
import { databaseErrors } from '../metrics/ops.metrics';
import { PoolStatements } from './pool-statements';
import { SerialQueue } from '../common/serial-queue';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** Counts failures by kind: `unavailable` (connection lost, pool closed) is what alerts watch. */
function countFailure<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    databaseErrors.inc({ kind: isDatabaseUnavailable(error) ? 'unavailable' : 'statement' });
    throw error;
  });
}

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

function isRetryable(error: unknown): boolean {
  const record = error as { code?: string; driverError?: { code?: string } } | undefined;
  return RETRYABLE.has(record?.code ?? '') || RETRYABLE.has(record?.driverError?.code ?? '');
}

/**
 * A deadlock or serialization failure rolled the whole statement or transaction back, so running it
 * again is safe; PostgreSQL's advice for these codes is exactly that.
 */
async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** Embedded mode always has the queue; without it (never expected) the call runs as is. */
function serialised<T>(queue: SerialQueue | undefined, run: () => Promise<T>): Promise<T> {
  return queue ? queue.run(run) : run();
}

/**
 * The one way repositories reach SQL. PGlite is a single in-process connection, so in embedded mode
 * every statement and transaction is serialised through TypeORM; otherwise a transaction from one
 * request could swallow another request's statements. With PostgreSQL calls go straight to the pg
 * pool (see pool-statements.ts).
 */
@Injectable()
export class Database implements Queryable {
  private readonly queue?: SerialQueue;
  private readonly pool?: PoolStatements;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.queue = config.db.embedded ? new SerialQueue() : undefined;
    this.pool = config.db.embedded ? undefined : new PoolStatements(dataSource);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { pool, queue } = this;
    if (pool) {
      return countFailure(withRetry(() => pool.query<T[]>(sql, params)));
    }
    return countFailure(serialised(queue, () => this.dataSource.query<T[]>(sql, params)));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const { pool, queue } = this;
    if (pool) {
      return countFailure(
        withRetry(() =>
          pool.transaction((run) =>
            work({ query: <R>(sql: string, params: unknown[] = []) => run(sql, params) as Promise<R[]> }),
          ),
        ),
      );
    }
    const viaTypeorm = () =>
      this.dataSource.transaction((manager: EntityManager) =>
        work({ query: <R>(sql: string, params: unknown[] = []) => manager.query<R[]>(sql, params) }),
      );
    return countFailure(serialised(queue, viaTypeorm));
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }
}
