import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from '../db/migrate.js';
import type { Db, DbDialect } from '../db/port.js';
import { createPostgresDb } from '../db/postgres.js';
import { createSqliteDb } from '../db/sqlite.js';

/** Set to run the cluster-mode tests against a real PostgreSQL too. */
export const databaseUrl = process.env.DATABASE_URL;

/** SQLite always; PostgreSQL too when DATABASE_URL is set. */
export const testDialects: DbDialect[] = databaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** Where a test database lives: enough for another process to open the same data. */
export type TestDbLocation =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string; schema: string };

export function openTestDb(location: TestDbLocation): Promise<Db> {
  return location.dialect === 'sqlite'
    ? Promise.resolve(createSqliteDb({ file: location.file }))
    : createPostgresDb({ url: location.url, schema: location.schema, maxConnections: 4 });
}

export interface TestDatabase {
  /** Migrated and empty. */
  db: Db;
  location: TestDbLocation;
  /** Another connection pool on the same data, as a second process would have; destroy() closes it. */
  connect(): Promise<Db>;
  /** Closes every connection and removes the data (the SQLite directory or the PostgreSQL schema). */
  destroy(): Promise<void>;
}

export async function createTestDatabase(dialect: DbDialect): Promise<TestDatabase> {
  let location: TestDbLocation;
  let removeData: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'livedesk-test-'));
    location = { dialect, file: join(dir, 'livedesk.db') };
    removeData = () => rm(dir, { recursive: true, force: true });
  } else {
    if (!databaseUrl) throw new Error('DATABASE_URL is required for PostgreSQL tests');
    const url = databaseUrl;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    location = { dialect, url, schema };
    removeData = async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    };
  }
  const opened: Db[] = [];
  const connect = async () => {
    const db = await openTestDb(location);
    opened.push(db);
    return db;
  };
  const db = await connect();
  await migrateToLatest(db);
  return {
    db,
    location,
    connect,
    destroy: async () => {
      await Promise.all(opened.map((each) => each.close()));
      await removeData();
    },
  };
}
