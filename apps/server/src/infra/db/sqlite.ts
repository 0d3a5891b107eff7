import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
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
  const checkpointer = file === ':memory:' ? null : startCheckpointer(sqlite, file);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: 'sqlite',
    schema: undefined,
    // Kysely's SQLite driver serialises on one connection; there is no pool to report.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/** How often the checkpointer copies the WAL into the database file; the WAL holds about this long of writes. */
const CHECKPOINT_EVERY_MS = 1_000;
/** SQLite's default, restored if the checkpointer fails: a WAL must never grow without bound. */
const AUTOCHECKPOINT_PAGES = 1_000;

const checkpointerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  db.pragma('wal_checkpoint(PASSIVE)');
  db.pragma('wal_checkpoint(RESTART)');
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the WAL from a worker thread on a connection of its own. SQLite's automatic checkpoint runs
 * inside the commit that crosses 1,000 pages, on the event loop: under sustained ingestion (a batch of
 * 1,000 events writes ~60 pages) that copying and its two fsyncs were ~4% of the main thread, and a slow
 * disk stalled every request behind them. A PASSIVE checkpoint takes no writer lock, so writes go on
 * while it copies; but under a steady stream of commits it never catches up with the last one, and the
 * WAL starts over only once it has. The RESTART that follows holds writers back for the few frames
 * committed meanwhile, so the WAL stays at about a second of writes. Durability is unchanged: commits
 * are in the WAL either way.
 */
function startCheckpointer(sqlite: SQLite.Database, file: string): { stop(): Promise<void> } {
  const worker = new Worker(checkpointerSource, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file, everyMs: CHECKPOINT_EVERY_MS },
  });
  // Never keeps a process alive on its own; the main connection's close checkpoints what is left.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (err: Error) => {
    if (!sqlite.open) return;
    sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    console.error('SQLite checkpointer failed; checkpointing on the main connection again', err);
  };
  worker.once('error', fallBack);
  worker.once('exit', (code) => {
    if (!stopping && code !== 0) fallBack(new Error(`checkpointer exited with ${code}`));
  });
  sqlite.pragma('wal_autocheckpoint = 0');
  return {
    async stop() {
      stopping = true;
      // Waited for, so held by the process again: unreferenced, a process with nothing else left would
      // end before the worker's exit arrives, with this await still pending.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
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
