import type { DbExecutor } from '../../infra/db/port.js';

/** The only SQL of the room: coin balances and follows. */
export const roomRepo = {
  /** Opens the buyer's balance at `starter` coins unless it exists. */
  async openCoins(ex: DbExecutor, orgId: string, buyerId: string, starter: number, now: number): Promise<void> {
    await ex
      .insertInto('buyer_coins')
      .values({ org_id: orgId, buyer_id: buyerId, balance: starter, updated_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'buyer_id']).doNothing())
      .execute();
  },

  async coins(ex: DbExecutor, orgId: string, buyerId: string): Promise<number | null> {
    const row = await ex
      .selectFrom('buyer_coins')
      .select('balance')
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .executeTakeFirst();
    return row ? Number(row.balance) : null;
  },

  /** Takes `amount` coins only while the balance covers them: the WHERE clause is the check. Null when it does not. */
  async debitCoins(ex: DbExecutor, orgId: string, buyerId: string, amount: number, now: number): Promise<number | null> {
    const row = await ex
      .updateTable('buyer_coins')
      .set((eb) => ({ balance: eb('balance', '-', amount), updated_at: now }))
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .where('balance', '>=', amount)
      .returning('balance')
      .executeTakeFirst();
    return row ? Number(row.balance) : null;
  },

  /** True when this call made the buyer a follower (false: they already were). */
  async follow(ex: DbExecutor, orgId: string, buyerId: string, now: number): Promise<boolean> {
    const res = await ex
      .insertInto('live_follows')
      .values({ org_id: orgId, buyer_id: buyerId, followed_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'buyer_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async isFollowing(ex: DbExecutor, orgId: string, buyerId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('live_follows')
      .select('buyer_id')
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .executeTakeFirst();
    return row !== undefined;
  },
};
