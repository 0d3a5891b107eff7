import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database } from './database.js';
import type { Db } from './port.js';

export interface SqliteOptions {
  file: string;
  /**
   * NORMAL by default. In WAL mode it is durable across a crash of the process (`kill -9`: every
   * committed order survives) and never corrupts; only an OS crash or power cut may roll back the last
   * commits since the previous checkpoint. FULL closes that gap with an fsync per commit, which capped
   * order placement at ~150 orders/s on this machine's disk against ~1,000+ with NORMAL (BENCHMARKS.md).
   * Choose FULL where the disk is fast or the shop is small; choose PostgreSQL for replicated durability.
   */
  synchronous?: 'full' | 'normal';
}

export function createSqliteDb({ file, synchronous = 'normal' }: SqliteOptions): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: 'sqlite',
    schema: undefined,
    // Kysely's SQLite driver serialises on one connection; there is no pool to report.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => kysely.destroy(),
  };
}

/** Statements kept prepared; Kysely's SQL text repeats, so a few hundred cover every query we run. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew, and compiling SQL was ~14% of the CPU of an order
 * placement. Reusing prepared statements is safe here: the driver runs one query at a time on this
 * connection and never iterates two result sets at once.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
