import type { Selectable } from 'kysely';
import type { IdempotencyKeyRow, OrderEventRow, OrderLineRow, OrderRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export const ordersRepo = {
  async insertOrder(db: DbExecutor, order: OrderRow): Promise<void> {
    await db.insertInto('orders').values(order).execute();
  },

  async insertLines(db: DbExecutor, lines: OrderLineRow[]): Promise<void> {
    await db.insertInto('order_lines').values(lines).execute();
  },

  async order(db: DbExecutor, orgId: string, id: string): Promise<OrderRow | undefined> {
    return db.selectFrom('orders').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /**
   * Takes the orders' row locks (PostgreSQL; SQLite has one writer at a time) until the transaction
   * ends, by a no-op update in id order, and returns the rows as they are once the lock is held.
   */
  async lock(db: DbExecutor, orgId: string, ids: string[]): Promise<OrderRow[]> {
    if (!ids.length) return [];
    return db
      .updateTable('orders')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('org_id', '=', orgId)
      .where('id', 'in', [...ids].sort())
      .returningAll()
      .execute();
  },

  /** A buyer's paid orders in the org and what they paid (refunds not netted). */
  async buyerHistory(db: DbExecutor, orgId: string, buyerId: string) {
    return db
      .selectFrom('orders')
      .select((eb) => [eb.fn.countAll<number>().as('paid_orders'), eb.fn.coalesce(eb.fn.sum<number>('paid_fen'), eb.lit(0)).as('paid_fen')])
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .where('paid_at', 'is not', null)
      .executeTakeFirstOrThrow();
  },

  async lines(db: DbExecutor, orderId: string): Promise<OrderLineRow[]> {
    return db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  },

  async linesOfOrders(db: DbExecutor, orderIds: string[]): Promise<OrderLineRow[]> {
    if (!orderIds.length) return [];
    return db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
  },

  /**
   * The compare-and-set of every order transition: moves only from the status the caller saw (and, for
   * payment, only while the order has not expired). Zero rows means someone else moved it first.
   */
  async transition(
    db: DbExecutor,
    id: string,
    from: string,
    patch: Partial<OrderRow> & { status: string },
    guard: { notExpiredAt?: number; expiredAt?: number } = {},
  ): Promise<boolean> {
    let q = db.updateTable('orders').set(patch).where('id', '=', id).where('status', '=', from);
    if (guard.notExpiredAt !== undefined) q = q.where('expires_at', '>', guard.notExpiredAt);
    if (guard.expiredAt !== undefined) q = q.where('expires_at', '<=', guard.expiredAt);
    const res = await q.executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Adds to refunded_fen only while the total stays within what was paid. */
  async addRefund(db: DbExecutor, id: string, amountFen: number, now: number): Promise<OrderRow | undefined> {
    return db
      .updateTable('orders')
      .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', amountFen), updated_at: now }))
      .where('id', '=', id)
      .where((eb) => eb(eb('refunded_fen', '+', amountFen), '<=', eb.ref('paid_fen')))
      .returningAll()
      .executeTakeFirst();
  },

  async setPaymentStatus(db: DbExecutor, id: string, paymentStatus: string): Promise<void> {
    await db.updateTable('orders').set({ payment_status: paymentStatus }).where('id', '=', id).execute();
  },

  async setFulfillmentStatus(db: DbExecutor, id: string, fulfillmentStatus: string, now: number): Promise<void> {
    await db.updateTable('orders').set({ fulfillment_status: fulfillmentStatus, updated_at: now }).where('id', '=', id).execute();
  },

  /** Adds to a line counter without passing the line's quantity; false when it would. */
  async addToLineCounter(
    db: DbExecutor,
    orderId: string,
    lineId: string,
    counter: 'shipped_quantity' | 'refunded_quantity' | 'returned_quantity',
    quantity: number,
  ): Promise<boolean> {
    const res = await db
      .updateTable('order_lines')
      .set((eb) => ({ [counter]: eb(counter, '+', quantity) }))
      .where('id', '=', lineId)
      .where('order_id', '=', orderId)
      .where((eb) => eb(eb(counter, '+', quantity), '<=', eb.ref('quantity')))
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async insertEvent(db: DbExecutor, event: Omit<OrderEventRow, 'seq'>): Promise<void> {
    await db.insertInto('order_events').values(event).execute();
  },

  async events(db: DbExecutor, orderId: string): Promise<Selectable<OrderEventRow>[]> {
    return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('seq').execute();
  },

  async page(
    db: DbExecutor,
    orgId: string,
    filter: { status?: string; channel?: string; liveSessionId?: string; buyerId?: string; q?: string; from?: number; to?: number; limit: number },
    before: { createdAt: number; id: string } | undefined,
  ): Promise<OrderRow[]> {
    let q = db.selectFrom('orders').selectAll().where('org_id', '=', orgId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.channel) q = q.where('channel', '=', filter.channel);
    if (filter.liveSessionId) q = q.where('live_session_id', '=', filter.liveSessionId);
    if (filter.buyerId) q = q.where('buyer_id', '=', filter.buyerId);
    if (filter.q) q = q.where('order_no', 'like', `%${filter.q.replace(/[%_\\]/g, '')}`);
    if (filter.from !== undefined) q = q.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('created_at', '<', filter.to);
    if (before) {
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
      );
    }
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  },

  async expiredUnpaid(db: DbExecutor, now: number, limit: number): Promise<Pick<OrderRow, 'id' | 'org_id'>[]> {
    return db
      .selectFrom('orders')
      .select(['id', 'org_id'])
      .where('status', '=', 'pending_payment')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  },

  async settings(db: DbExecutor, orgId: string) {
    return db.selectFrom('commerce_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  },

  async upsertSettings(db: DbExecutor, row: { org_id: string; unpaid_timeout_ms: number; aftersales_auto_approve_ms: number | null; updated_at: number }) {
    await db
      .insertInto('commerce_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({
          unpaid_timeout_ms: row.unpaid_timeout_ms,
          aftersales_auto_approve_ms: row.aftersales_auto_approve_ms,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
};

export const idempotencyRepo = {
  /** True when this call claimed the key (no live record existed). */
  async claim(db: DbExecutor, row: IdempotencyKeyRow): Promise<boolean> {
    const res = await db.insertInto('idempotency_keys').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async get(db: DbExecutor, scope: string, key: string): Promise<IdempotencyKeyRow | undefined> {
    return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  },

  /** Takes over an expired record or an abandoned in-flight one (its process died), by compare-and-set. */
  async takeOver(db: DbExecutor, previous: IdempotencyKeyRow, next: IdempotencyKeyRow): Promise<boolean> {
    const res = await db
      .updateTable('idempotency_keys')
      .set(next)
      .where('scope', '=', previous.scope)
      .where('key', '=', previous.key)
      .where('created_at', '=', previous.created_at)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async complete(db: DbExecutor, scope: string, key: string, statusCode: number, response: string): Promise<void> {
    await db.updateTable('idempotency_keys').set({ status_code: statusCode, response }).where('scope', '=', scope).where('key', '=', key).execute();
  },

  async release(db: DbExecutor, scope: string, key: string): Promise<void> {
    await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status_code', 'is', null).execute();
  },

  async purgeExpired(db: DbExecutor, now: number): Promise<void> {
    await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).execute();
  },
};
