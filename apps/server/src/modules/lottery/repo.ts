import type { LotteryEntryRow, LotteryRow, LotteryWinnerRow } from '../../infra/db/tables/lottery-risk.js';
import type { DbExecutor } from '../../infra/db/port.js';

/** Keeps IN lists and multi-row inserts well below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

export const lotteryRepo = {
  async insert(db: DbExecutor, row: LotteryRow): Promise<void> {
    await db.insertInto('lotteries').values(row).execute();
  },

  /** By id alone: viewers and the public check name a lottery without knowing its org. */
  async byId(db: DbExecutor, id: string): Promise<LotteryRow | undefined> {
    return db.selectFrom('lotteries').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async inOrg(db: DbExecutor, orgId: string, id: string): Promise<LotteryRow | undefined> {
    return db.selectFrom('lotteries').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async ofSession(db: DbExecutor, liveSessionId: string, statuses?: string[]): Promise<LotteryRow[]> {
    let q = db.selectFrom('lotteries').selectAll().where('live_session_id', '=', liveSessionId);
    if (statuses) q = q.where('status', 'in', statuses);
    return q.orderBy('created_at').orderBy('id').execute();
  },

  /** Lotteries of the show that were opened, from opening to draw (or cancellation), for its curves. */
  async openedOfSession(db: DbExecutor, liveSessionId: string) {
    return db
      .selectFrom('lotteries')
      .select(['prize_title', 'opened_at', 'drawn_at', 'cancelled_at'])
      .where('live_session_id', '=', liveSessionId)
      .where('opened_at', 'is not', null)
      .orderBy('opened_at')
      .orderBy('id')
      .execute();
  },

  async openCommentLotteries(db: DbExecutor, liveSessionId: string): Promise<LotteryRow[]> {
    return db
      .selectFrom('lotteries')
      .selectAll()
      .where('live_session_id', '=', liveSessionId)
      .where('status', '=', 'open')
      .where('rule_kind', '=', 'comment')
      .execute();
  },

  /** Open lotteries drawn at or before `until`, soonest first. */
  async openDueBefore(db: DbExecutor, until: number, limit: number): Promise<Pick<LotteryRow, 'id' | 'draw_at'>[]> {
    return db
      .selectFrom('lotteries')
      .select(['id', 'draw_at'])
      .where('status', '=', 'open')
      .where('draw_at', '<=', until)
      .orderBy('draw_at')
      .limit(limit)
      .execute();
  },

  /** Compare-and-set of the status: moves only from one of `from`; false when someone else moved it first. */
  async transition(db: DbExecutor, id: string, from: string[], patch: Partial<LotteryRow> & { status: string }): Promise<boolean> {
    const res = await db.updateTable('lotteries').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** True when this is the identity's first entry. */
  async insertEntry(db: DbExecutor, row: LotteryEntryRow): Promise<boolean> {
    const res = await db.insertInto('lottery_entries').values(row).onConflict((oc) => oc.columns(['lottery_id', 'identity']).doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async insertEntries(db: DbExecutor, rows: LotteryEntryRow[]): Promise<void> {
    for (const part of chunks(rows)) {
      await db.insertInto('lottery_entries').values(part).onConflict((oc) => oc.columns(['lottery_id', 'identity']).doNothing()).execute();
    }
  },

  async countAll(db: DbExecutor, lotteryId: string): Promise<void> {
    await db.updateTable('lottery_entries').set({ counted: 1 }).where('lottery_id', '=', lotteryId).execute();
  },

  async count(db: DbExecutor, lotteryId: string, identities: string[]): Promise<void> {
    for (const part of chunks(identities)) {
      await db.updateTable('lottery_entries').set({ counted: 1 }).where('lottery_id', '=', lotteryId).where('identity', 'in', part).execute();
    }
  },

  async countedEntries(db: DbExecutor, lotteryId: string): Promise<LotteryEntryRow[]> {
    return db.selectFrom('lottery_entries').selectAll().where('lottery_id', '=', lotteryId).where('counted', '=', 1).execute();
  },

  /** Entries per lottery: all of them while open, the counted ones once drawn. */
  async entrantCounts(db: DbExecutor, lotteries: Pick<LotteryRow, 'id' | 'status'>[]): Promise<Map<string, number>> {
    if (!lotteries.length) return new Map();
    const rows = await db
      .selectFrom('lottery_entries')
      .select(['lottery_id', 'counted', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('lottery_id', 'in', lotteries.map((l) => l.id))
      .groupBy(['lottery_id', 'counted'])
      .execute();
    const drawn = new Set(lotteries.filter((l) => l.status === 'drawn').map((l) => l.id));
    const counts = new Map<string, number>();
    for (const row of rows) {
      if (drawn.has(row.lottery_id) && Number(row.counted) !== 1) continue;
      counts.set(row.lottery_id, (counts.get(row.lottery_id) ?? 0) + Number(row.n));
    }
    return counts;
  },

  async insertWinners(db: DbExecutor, rows: LotteryWinnerRow[]): Promise<void> {
    for (const part of chunks(rows)) await db.insertInto('lottery_winners').values(part).execute();
  },

  async winners(db: DbExecutor, lotteryIds: string[]): Promise<LotteryWinnerRow[]> {
    if (!lotteryIds.length) return [];
    return db.selectFrom('lottery_winners').selectAll().where('lottery_id', 'in', lotteryIds).orderBy('lottery_id').orderBy('rank').execute();
  },

  async winner(db: DbExecutor, lotteryId: string, buyerId: string): Promise<LotteryWinnerRow | undefined> {
    return db.selectFrom('lottery_winners').selectAll().where('lottery_id', '=', lotteryId).where('buyer_id', '=', buyerId).executeTakeFirst();
  },

  /** Marks the win claimed by `orderId`, once: false when it already was. */
  async claim(db: DbExecutor, lotteryId: string, buyerId: string, orderId: string, now: number): Promise<boolean> {
    const res = await db
      .updateTable('lottery_winners')
      .set({ order_id: orderId, claimed_at: now })
      .where('lottery_id', '=', lotteryId)
      .where('buyer_id', '=', buyerId)
      .where('claimed_at', 'is', null)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async skuInOrg(db: DbExecutor, orgId: string, skuId: string): Promise<boolean> {
    const row = await db.selectFrom('skus').select('id').where('org_id', '=', orgId).where('id', '=', skuId).executeTakeFirst();
    return row !== undefined;
  },

  /** The buyers of the org among `ids`, with their nicknames (viewers present at a presence draw). */
  async buyers(db: DbExecutor, orgId: string, ids: string[]): Promise<{ id: string; nickname: string | null }[]> {
    const found: { id: string; nickname: string | null }[] = [];
    for (const part of chunks(ids)) {
      found.push(...(await db.selectFrom('buyers').select(['id', 'nickname']).where('org_id', '=', orgId).where('id', 'in', part).execute()));
    }
    return found;
  },
};
