import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

export type { Database } from './database.js';
export type Tx = Transaction<Database>;
export type DbExecutor = Kysely<Database> | Tx;
export type DbDialect = 'sqlite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The system of record. Everything that must be true lives here; SQL goes only through `repo.ts` files. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DbDialect;
  /** PostgreSQL schema holding our tables (`public` unless configured); undefined on SQLite */
  readonly schema: string | undefined;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
