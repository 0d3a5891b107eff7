import type { RiskDecisionRow, RiskOrderMarkRow, RiskPaymentFailureRow, RiskRulesRow } from '../../infra/db/tables/lottery-risk.js';
import type { DbExecutor } from '../../infra/db/port.js';

export type MarkKey = 'device_id' | 'phone_hash' | 'address_hash';

export const riskRepo = {
  async rules(db: DbExecutor, orgId: string): Promise<RiskRulesRow | undefined> {
    return db.selectFrom('risk_rules').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  },

  async upsertRules(db: DbExecutor, row: RiskRulesRow): Promise<void> {
    await db
      .insertInto('risk_rules')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ rules: row.rules, updated_by: row.updated_by, updated_at: row.updated_at }))
      .execute();
  },

  async insertMark(db: DbExecutor, row: RiskOrderMarkRow): Promise<void> {
    await db.insertInto('risk_order_marks').values(row).execute();
  },

  /** Orders placed since `since` with the same device, phone or address (one index range each). */
  async countMarks(db: DbExecutor, orgId: string, key: MarkKey, value: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('risk_order_marks')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', orgId)
      .where(key, '=', value)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** How many orders the buyer has placed, and how many of them were flash-sale orders. */
  async orderMix(db: DbExecutor, orgId: string, buyerId: string): Promise<{ total: number; flash: number }> {
    const row = await db
      .selectFrom('risk_order_marks')
      .select((eb) => [eb.fn.countAll<number | string>().as('total'), eb.fn.sum<number | string | null>('flash_sale').as('flash')])
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .executeTakeFirstOrThrow();
    return { total: Number(row.total), flash: Number(row.flash ?? 0) };
  },

  async insertFailure(db: DbExecutor, row: RiskPaymentFailureRow): Promise<void> {
    await db.insertInto('risk_payment_failures').values(row).onConflict((oc) => oc.column('payment_id').doNothing()).execute();
  },

  async countFailures(db: DbExecutor, orgId: string, buyerId: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('risk_payment_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertDecisions(db: DbExecutor, rows: RiskDecisionRow[]): Promise<void> {
    if (rows.length) await db.insertInto('risk_decisions').values(rows).execute();
  },

  /** The latest-ending block still in force for the buyer, if any. */
  async activeBlock(db: DbExecutor, orgId: string, buyerId: string, now: number): Promise<RiskDecisionRow | undefined> {
    return db
      .selectFrom('risk_decisions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .where('blocked_until', '>', now)
      .orderBy('blocked_until', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async hasDecisionSince(db: DbExecutor, orgId: string, buyerId: string, since: number): Promise<boolean> {
    const row = await db
      .selectFrom('risk_decisions')
      .select('id')
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .where('created_at', '>=', since)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Newest first; ids are UUIDv7, so id order is time order and the cursor is the last id seen. */
  async decisions(
    db: DbExecutor,
    orgId: string,
    filter: { buyerId?: string | undefined; rule?: string | undefined; action?: string | undefined; before?: string | undefined },
    limit: number,
  ): Promise<RiskDecisionRow[]> {
    let q = db.selectFrom('risk_decisions').selectAll().where('org_id', '=', orgId);
    if (filter.buyerId) q = q.where('buyer_id', '=', filter.buyerId);
    if (filter.rule) q = q.where('rule', '=', filter.rule);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.before) q = q.where('id', '<', filter.before);
    return q.orderBy('id', 'desc').limit(limit).execute();
  },
};
