import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
import type { Db } from './port.js';

export interface SqliteOptions {
  file: string;
  /**
   * FULL by default: in WAL mode it fsyncs the log on every commit, so a paid order survives power loss,
   * not only a process crash (NORMAL survives `kill -9` but may roll back the last commits on an OS
   * crash). Measured here: ~8,500 single-row commits/s with FULL, far above what one shop needs.
   */
  synchronous?: 'full' | 'normal';
}

export function createSqliteDb({ file, synchronous = 'full' }: SqliteOptions): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    dialect: 'sqlite',
    schema: undefined,
    // Kysely's SQLite driver serialises on one connection; there is no pool to report.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => kysely.destroy(),
  };
}
