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
  poolStats(): PoolStats;
  close(): Promise<void>;
}
