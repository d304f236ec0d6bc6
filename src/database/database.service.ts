import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-errors';
import { endpointOf, OutageNotice, OutageTexts } from '../common/outage';
import { AppConfig } from '../config/app-config';
import { databaseErrors } from '../metrics/ops.metrics';
import { PoolStatements } from './pool-statements';
import { SerialQueue } from '../common/serial-queue';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The operator's words for a database that stops answering, and for its return. */
function outageTexts(config: AppConfig): OutageTexts {
  if (config.db.embedded) {
    return {
      down: (detail) =>
        `The embedded database (PGlite) is unavailable (${detail}): REST calls that need it answer 503 DATABASE_UNAVAILABLE; ` +
        'connected players keep signaling; check EMBEDDED_DATA_DIR and its disk',
      up: 'The embedded database (PGlite) answers again',
    };
  }
  const where = endpointOf(config.db.url, 5432);
  return {
    down: (detail) =>
      `PostgreSQL at ${where} is unreachable (${detail}): REST calls that need the database answer 503 DATABASE_UNAVAILABLE ` +
      'and joins and leaves wait for it; connected players keep signaling; check DATABASE_URL and the PostgreSQL server',
    up: `PostgreSQL at ${where} is reachable again: database calls resume`,
  };
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
export class Database implements Queryable, OnApplicationShutdown {
  private readonly queue?: SerialQueue;
  private readonly pool?: PoolStatements;
  private readonly outage: OutageNotice;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.queue = config.db.embedded ? new SerialQueue() : undefined;
    this.pool = config.db.embedded ? undefined : new PoolStatements(dataSource);
    this.outage = new OutageNotice(new Logger('Database'), outageTexts(config));
  }

  /**
   * Counts failures by kind (`unavailable`, connection lost or pool closed, is what alerts watch) and
   * tells the operator once when the database stops answering and once when it answers again.
   */
  private watched<T>(work: Promise<T>): Promise<T> {
    return work.then(
      (result) => {
        if (this.outage.down) {
          this.outage.recovered('statements');
        }
        return result;
      },
      (error: unknown) => {
        const unavailable = isDatabaseUnavailable(error);
        databaseErrors.inc({ kind: unavailable ? 'unavailable' : 'statement' });
        if (unavailable) {
          this.outage.failed('statements', error instanceof Error ? error.message : String(error));
        }
        throw error;
      },
    );
  }

  /** Shutting down: statements failing on a closing pool are expected, not an outage. */
  onApplicationShutdown(): void {
    this.outage.silence();
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { pool, queue } = this;
    if (pool) {
      return this.watched(withRetry(() => pool.query<T[]>(sql, params)));
    }
    return this.watched(serialised(queue, () => this.dataSource.query<T[]>(sql, params)));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const { pool, queue } = this;
    if (pool) {
      return this.watched(
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
    return this.watched(serialised(queue, viaTypeorm));
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }
}
