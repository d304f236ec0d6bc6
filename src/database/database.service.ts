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

/**
 * The one way repositories reach SQL. PGlite is a single in-process connection, so in embedded mode
 * every statement and transaction is serialised; otherwise a transaction from one request could
 * swallow another request's statements. With PostgreSQL calls go straight to the pool.
 */
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
    return countFailure(this.queue ? this.queue.run(run) : withRetry(run));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const run = () =>
      this.dataSource.transaction((manager: EntityManager) =>
        work({ query: <R>(sql: string, params: unknown[] = []) => manager.query<R[]>(sql, params) }),
      );
    return countFailure(this.queue ? this.queue.run(run) : withRetry(run));
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }
}
