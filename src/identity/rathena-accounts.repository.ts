import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPool, Pool, PoolOptions, RowDataPacket } from 'mysql2/promise';
import { withTimeout } from '../common/with-timeout';
import { AppConfig } from '../config/app-config';
import type { RathenaCharacterRow } from './identity-verdict';

/** One indexed lookup: `char` by its primary key, joined to its account. */
const FIND_BY_CHAR_ID =
  'SELECT c.online, l.last_ip, l.state, l.unban_time FROM `char` c JOIN login l ON l.account_id = c.account_id WHERE c.char_id = ?';

/** A handful of connections: each lookup is one primary-key read of well under a millisecond. */
const CONNECTION_LIMIT = 4;
/**
 * Lookups waiting for a connection beyond this fail at once (IDENTITY_UNAVAILABLE) instead of
 * queueing without bound while rAthena's database is slow.
 */
const QUEUE_LIMIT = 1_000;

interface CharacterRecord extends RowDataPacket {
  online: number;
  last_ip: string;
  state: number;
  unban_time: number;
}

/** Connection options from the URL; query parameters are ignored (mysql2 would warn about unknown ones). */
export function rathenaPoolOptions(url: string, timeoutMs: number): PoolOptions {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1')),
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    connectionLimit: CONNECTION_LIMIT,
    maxIdle: CONNECTION_LIMIT,
    queueLimit: QUEUE_LIMIT,
    connectTimeout: timeoutMs,
    enableKeepAlive: true,
  };
}

/**
 * The only code that talks to rAthena's MySQL/MariaDB (read-only: `SELECT` on `login` and `char`).
 * The pool is created on the first lookup, so a coordinator without IDENTITY_VERIFICATION=rathena
 * never connects.
 */
@Injectable()
export class RathenaAccountsRepository implements OnModuleDestroy {
  private pool?: Pool;
  private readonly url?: string;
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.url = config.identity.rathenaDatabaseUrl;
    this.timeoutMs = config.identity.rathenaTimeoutMs;
  }

  /**
   * rAthena's row for a character and its account, undefined when there is no such character.
   * Connecting and querying together take at most RATHENA_DATABASE_TIMEOUT_MS; past it, or on any
   * driver error, this rejects.
   */
  findByCharId(charId: number): Promise<RathenaCharacterRow | undefined> {
    return withTimeout(
      this.query(charId),
      this.timeoutMs,
      `rAthena's database did not answer within ${this.timeoutMs} ms`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private async query(charId: number): Promise<RathenaCharacterRow | undefined> {
    const connection = await this.connections().getConnection();
    let records: CharacterRecord[];
    try {
      [records] = await connection.query<CharacterRecord[]>({
        sql: FIND_BY_CHAR_ID,
        values: [charId],
        timeout: this.timeoutMs,
      });
    } catch (error) {
      // A timed-out or broken connection may still owe an answer: never hand it to the next lookup.
      connection.destroy();
      throw error;
    }
    connection.release();
    const record = records[0];
    return (
      record && {
        online: Number(record.online),
        lastIp: String(record.last_ip),
        state: Number(record.state),
        unbanTime: Number(record.unban_time),
      }
    );
  }

  private connections(): Pool {
    if (this.pool === undefined) {
      if (this.url === undefined) {
        throw new Error('RATHENA_DATABASE_URL is not set');
      }
      this.pool = createPool(rathenaPoolOptions(this.url, this.timeoutMs));
      // A pooled connection that breaks while idle emits 'error'; the pool drops it, nothing else to do.
      this.pool.pool.on('connection', (connection) => connection.on('error', () => undefined));
    }
    return this.pool;
  }
}
