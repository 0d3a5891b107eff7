import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/db.js';
import { migrateToLatest } from './migrate.js';

// The contract every Db adapter must keep, run on SQLite always and PostgreSQL when DATABASE_URL is set.
// It uses a scratch table of its own: these tests are about the port, not about any feature's schema.
type Scratch = { counters: { id: string; available: number; taken: number } };

describe.each(testDialects)('Db contract on %s', (dialect) => {
  let t: TestDatabase;
  let db: Kysely<Scratch>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    db = t.db.kysely as unknown as Kysely<Scratch>;
    await db.schema
      .createTable('counters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('available', 'bigint', (c) => c.notNull())
      .addColumn('taken', 'bigint', (c) => c.notNull())
      .execute();
  });
  afterAll(() => t.destroy());

  const seed = async (id: string, available: number) => {
    await db.insertInto('counters').values({ id, available, taken: 0 }).execute();
  };
  /** The shape every stock change must have: one conditional UPDATE, never read-then-write. */
  const takeIfAvailable = async (executor: Kysely<Scratch>, id: string, qty: number) => {
    const res = await executor
      .updateTable('counters')
      .set((eb) => ({ available: eb('available', '-', qty), taken: eb('taken', '+', qty) }))
      .where('id', '=', id)
      .where('available', '>=', qty)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  };

  it('lets 100 parallel conditional decrements of 1 take exactly what there is, never below zero', async () => {
    await seed('a', 37);
    const results = await Promise.all(Array.from({ length: 100 }, () => takeIfAvailable(db, 'a', 1)));
    expect(results.filter(Boolean)).toHaveLength(37);
    const row = await db.selectFrom('counters').selectAll().where('id', '=', 'a').executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 'a', available: 0, taken: 37 });
  });

  it('keeps the sum exact with mixed quantities inside transactions, from a second connection pool too', async () => {
    await seed('b', 50);
    // Two better-sqlite3 connections in one process would block each other's event loop on the file
    // lock; embedded mode has one connection per process, so SQLite races through that one.
    const other = dialect === 'postgres' ? ((await t.connect()).kysely as unknown as Kysely<Scratch>) : db;
    const attempts = Array.from({ length: 100 }, (_, i) => ({ qty: (i % 3) + 1, via: i % 2 ? db : other }));
    const results = await Promise.all(
      attempts.map(({ qty, via }) => via.transaction().execute((tx) => takeIfAvailable(tx, 'b', qty))),
    );
    const takenByResults = attempts.reduce((sum, a, i) => sum + (results[i] ? a.qty : 0), 0);
    const row = await db.selectFrom('counters').selectAll().where('id', '=', 'b').executeTakeFirstOrThrow();
    expect(row.available).toBeGreaterThanOrEqual(0);
    expect(row.taken).toBe(takenByResults);
    expect(row.available + row.taken).toBe(50);
    // 50 units and quantities of 1–3 in every order leave at most 2 units no request could take.
    expect(row.available).toBeLessThanOrEqual(2);
  });

  it('leaves nothing behind when a transaction fails part-way', async () => {
    await seed('c', 10);
    await expect(
      db.transaction().execute(async (tx) => {
        await takeIfAvailable(tx, 'c', 4);
        await tx.insertInto('counters').values({ id: 'c-extra', available: 1, taken: 0 }).execute();
        // A duplicate primary key: the kind of failure a real change meets half-way.
        await tx.insertInto('counters').values({ id: 'c', available: 1, taken: 0 }).execute();
      }),
    ).rejects.toThrow();
    const rows = await db.selectFrom('counters').selectAll().where('id', 'in', ['c', 'c-extra']).execute();
    expect(rows).toEqual([{ id: 'c', available: 10, taken: 0 }]);
  });

  it('rolls back when the work throws an application error', async () => {
    await seed('d', 5);
    await expect(
      db.transaction().execute(async (tx) => {
        await takeIfAvailable(tx, 'd', 5);
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');
    const row = await db.selectFrom('counters').select('available').where('id', '=', 'd').executeTakeFirstOrThrow();
    expect(row.available).toBe(5);
  });

  it('returns bigint columns as numbers on every dialect', async () => {
    await seed('e', 2 ** 40);
    const row = await db.selectFrom('counters').select('available').where('id', '=', 'e').executeTakeFirstOrThrow();
    expect(row.available).toBe(2 ** 40);
    const counted = await db.selectFrom('counters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBeGreaterThan(0);
  });

  it('migrates idempotently', async () => {
    await migrateToLatest(t.db);
    const tables = dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db.kysely)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(t.db.kysely);
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['orgs', 'users', 'audit_log', 'outbox']));
  });
});
