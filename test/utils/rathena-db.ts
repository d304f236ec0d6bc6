import { createConnection, Connection, ResultSetHeader } from 'mysql2/promise';

/**
 * A database shaped like rAthena's (sql-files/main.sql: the `login` and `char` tables with their
 * column names, types, keys and AUTO_INCREMENT starts), holding rows the test controls.
 *
 * MariaDB runs on every development and CI machine at 127.0.0.1:3306 (root, no password);
 * TEST_RATHENA_DATABASE_URL names another server (no database in the path: each suite creates its
 * own, whose name must contain "test"). An unreachable server fails the suite, never skips it.
 */
export const RATHENA_TEST_SERVER_URL = process.env.TEST_RATHENA_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';

const LOGIN_DDL = `CREATE TABLE \`login\` (
  \`account_id\` int(11) unsigned NOT NULL auto_increment,
  \`userid\` varchar(23) NOT NULL default '',
  \`user_pass\` varchar(32) NOT NULL default '',
  \`sex\` enum('M','F','S') NOT NULL default 'M',
  \`email\` varchar(39) NOT NULL default '',
  \`group_id\` tinyint(3) NOT NULL default '0',
  \`state\` int(11) unsigned NOT NULL default '0',
  \`unban_time\` int(11) unsigned NOT NULL default '0',
  \`expiration_time\` int(11) unsigned NOT NULL default '0',
  \`logincount\` mediumint(9) unsigned NOT NULL default '0',
  \`lastlogin\` datetime,
  \`last_ip\` varchar(100) NOT NULL default '',
  \`birthdate\` DATE,
  \`character_slots\` tinyint(3) unsigned NOT NULL default '0',
  \`pincode\` varchar(4) NOT NULL DEFAULT '',
  \`pincode_change\` int(11) unsigned NOT NULL DEFAULT '0',
  \`vip_time\` int(11) unsigned NOT NULL default '0',
  \`old_group\` tinyint(3) NOT NULL default '0',
  PRIMARY KEY (\`account_id\`),
  KEY \`name\` (\`userid\`)
) ENGINE=MyISAM AUTO_INCREMENT=2000000`;

// The columns the coordinator reads plus those that identify and place a character; the rest of
// rAthena's 60-odd columns (stats, equipment, family) all have defaults and matter to nobody here.
const CHAR_DDL = `CREATE TABLE \`char\` (
  \`char_id\` int(11) unsigned NOT NULL auto_increment,
  \`account_id\` int(11) unsigned NOT NULL default '0',
  \`char_num\` tinyint(1) NOT NULL default '0',
  \`name\` varchar(30) NOT NULL default '',
  \`class\` smallint(6) unsigned NOT NULL default '0',
  \`base_level\` smallint(6) unsigned NOT NULL default '1',
  \`job_level\` smallint(6) unsigned NOT NULL default '1',
  \`zeny\` int(11) unsigned NOT NULL default '0',
  \`party_id\` int(11) unsigned NOT NULL default '0',
  \`guild_id\` int(11) unsigned NOT NULL default '0',
  \`last_map\` varchar(11) NOT NULL default '',
  \`last_x\` smallint(4) unsigned NOT NULL default '53',
  \`last_y\` smallint(4) unsigned NOT NULL default '111',
  \`save_map\` varchar(11) NOT NULL default '',
  \`save_x\` smallint(4) unsigned NOT NULL default '53',
  \`save_y\` smallint(4) unsigned NOT NULL default '111',
  \`online\` tinyint(2) NOT NULL default '0',
  \`unban_time\` int(11) unsigned NOT NULL default '0',
  \`sex\` ENUM('M','F','U') NOT NULL default 'U',
  \`last_login\` datetime DEFAULT NULL,
  PRIMARY KEY (\`char_id\`),
  UNIQUE KEY \`name_key\` (\`name\`),
  KEY \`account_id\` (\`account_id\`),
  KEY \`party_id\` (\`party_id\`),
  KEY \`guild_id\` (\`guild_id\`),
  KEY \`online\` (\`online\`)
) ENGINE=MyISAM AUTO_INCREMENT=150000`;

/** What a test sets on a character and its account; unset fields keep rAthena's defaults. */
export interface RathenaCharacterFields {
  /** `char.online`: 1 while in the game. */
  online?: number;
  /** `login.last_ip`. */
  lastIp?: string;
  /** `login.state`: 0 = normal. */
  state?: number;
  /** `login.unban_time`: Unix seconds, 0 = not banned. */
  unbanTime?: number;
  lastMap?: string;
  lastX?: number;
  lastY?: number;
}

const ACCOUNT_COLUMNS = { lastIp: 'last_ip', state: 'state', unbanTime: 'unban_time' } as const;
const CHAR_COLUMNS = { online: 'online', lastMap: 'last_map', lastX: 'last_x', lastY: 'last_y' } as const;

function assignments(
  fields: RathenaCharacterFields,
  columns: Record<string, string>,
  alias: string,
): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    const value = fields[field as keyof RathenaCharacterFields];
    if (value !== undefined) {
      sql.push(`${alias}.\`${column}\` = ?`);
      values.push(value);
    }
  }
  return { sql, values };
}

/** One test database with rAthena's two tables. Create with `RathenaTestDb.create(name)`. */
export class RathenaTestDb {
  private accounts = 0;

  private constructor(
    private readonly connection: Connection,
    readonly name: string,
  ) {}

  /** Drops and recreates database `name` (which must contain "test") with empty `login` and `char`. */
  static async create(name: string): Promise<RathenaTestDb> {
    if (!/^[a-z0-9_]*test[a-z0-9_]*$/.test(name)) {
      throw new Error(`Refusing rAthena test database "${name}": use [a-z0-9_] and include "test"`);
    }
    const connection = await connectToServer();
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\``);
    await connection.query(`USE \`${name}\``);
    await connection.query(LOGIN_DDL);
    await connection.query(CHAR_DDL);
    return new RathenaTestDb(connection, name);
  }

  /** RATHENA_DATABASE_URL for this database. */
  get url(): string {
    const url = new URL(RATHENA_TEST_SERVER_URL);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  /** Inserts an account and one character of it; returns the character id (the DLL's peer id). */
  async insertCharacter(fields: RathenaCharacterFields = {}): Promise<number> {
    const userid = `acct${++this.accounts}`;
    const [account] = await this.connection.query<ResultSetHeader>(
      'INSERT INTO `login` (`userid`, `user_pass`, `email`, `last_ip`, `state`, `unban_time`) VALUES (?, ?, ?, ?, ?, ?)',
      [userid, 'p2p-test', `${userid}@example.org`, fields.lastIp ?? '', fields.state ?? 0, fields.unbanTime ?? 0],
    );
    const [character] = await this.connection.query<ResultSetHeader>(
      'INSERT INTO `char` (`account_id`, `name`, `online`, `last_map`, `last_x`, `last_y`) VALUES (?, ?, ?, ?, ?, ?)',
      [
        account.insertId,
        `Hero ${userid}`,
        fields.online ?? 0,
        fields.lastMap ?? 'prontera',
        fields.lastX ?? 156,
        fields.lastY ?? 191,
      ],
    );
    return character.insertId;
  }

  /** Changes a character and its account as rAthena would (log in or out, ban, new address). */
  async updateCharacter(charId: number, fields: RathenaCharacterFields): Promise<void> {
    const account = assignments(fields, ACCOUNT_COLUMNS, 'l');
    const character = assignments(fields, CHAR_COLUMNS, 'c');
    const sql = [...account.sql, ...character.sql];
    if (sql.length === 0) {
      return;
    }
    const [result] = await this.connection.query<ResultSetHeader>(
      `UPDATE \`char\` c JOIN \`login\` l ON l.account_id = c.account_id SET ${sql.join(', ')} WHERE c.char_id = ?`,
      [...account.values, ...character.values, charId],
    );
    // mysql2 connects with FOUND_ROWS, so affectedRows counts matched rows, changed or not.
    if (result.affectedRows === 0) {
      throw new Error(`No character ${charId} in ${this.name}`);
    }
  }

  /** Drops the database and closes the connection. */
  async drop(): Promise<void> {
    try {
      await this.connection.query(`DROP DATABASE IF EXISTS \`${this.name}\``);
    } finally {
      await this.connection.end();
    }
  }
}

async function connectToServer(): Promise<Connection> {
  const url = new URL(RATHENA_TEST_SERVER_URL);
  try {
    return await createConnection({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 3306 : Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      connectTimeout: 5000,
      multipleStatements: false,
    });
  } catch (error) {
    throw new Error(
      `MariaDB/MySQL unreachable at ${url.host} (TEST_RATHENA_DATABASE_URL, default 127.0.0.1:3306 as root): ${(error as Error).message}`,
    );
  }
}
