import type { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, QueryFailedError, TypeORMError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Statements on PostgreSQL go straight to the pg pool TypeORM opened (its size, timeouts and
 * application name), not through a TypeORM QueryRunner: that wrapper costs a runner object, a
 * broadcaster and several extra promises per statement, about 3% of a REST request's CPU, and the
 * repositories write their own SQL anyway. What callers see is kept: TypeORM's result shape
 * (`[rows, count]` for a bare UPDATE or DELETE), QueryFailedError with the driver's error, and
 * TypeORM's logging of failed statements.
 */
export class PoolStatements {
  constructor(private readonly dataSource: DataSource) {}

  query<T>(sql: string, params: unknown[]): Promise<T> {
    return this.run(this.pool(), sql, params);
  }

  /** START TRANSACTION … COMMIT on one pooled connection, ROLLBACK when `work` throws. */
  async transaction<T>(work: (run: (sql: string, params: unknown[]) => Promise<unknown>) => Promise<T>): Promise<T> {
    const client = await this.pool().connect();
    // A checked-out client has no error listener of the pool's; a lost connection must not crash the process.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await this.run(client, 'START TRANSACTION', []);
      const result = await work((sql, params) => this.run(client, sql, params));
      await this.run(client, 'COMMIT', []);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
      throw error;
    } finally {
      client.removeListener('error', onError);
      // A connection that failed is closed rather than handed to the next request.
      client.release(broken);
    }
  }

  /** Read per call: TypeORM drops the pool when the data source is destroyed (shutdown, tests). */
  private pool(): Pool {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (!pool) {
      // TypeORM's own error for this state, which isDatabaseUnavailable maps to 503.
      throw new TypeORMError('Driver not Connected');
    }
    return pool;
  }

  private async run<T>(target: Pool | PoolClient, sql: string, params: unknown[]): Promise<T> {
    let raw: QueryResult;
    try {
      raw = await target.query(sql, params);
    } catch (error) {
      this.dataSource.logger.logQueryError(error as Error, sql, params);
      throw new QueryFailedError(sql, params, error as Error);
    }
    // TypeORM's PostgresQueryRunner answers a bare UPDATE or DELETE with [rows, affected].
    return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
  }
}
