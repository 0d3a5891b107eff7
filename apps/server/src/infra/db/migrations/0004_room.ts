import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../port.js';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The live room's viewer side: virtual-coin balances for gifts, and who follows the shop. */
export async function up(db: AnyDb, _dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('buyer_coins')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('buyers.id'))
    /** coins, debited only by a conditional UPDATE; the CHECK is the last line of defence */
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('buyer_coins_pk', ['org_id', 'buyer_id'])
    .addCheckConstraint('buyer_coins_nonnegative', sql`balance >= 0`)
    .execute();

  await db.schema
    .createTable('live_follows')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('buyers.id'))
    .addColumn('followed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_follows_pk', ['org_id', 'buyer_id'])
    .execute();
}
