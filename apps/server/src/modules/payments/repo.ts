import type { PaymentEventRow, PaymentRow, RefundRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
type RefundStatus = 'pending' | 'succeeded' | 'failed';

export const paymentsRepo = {
  async insertPayment(db: DbExecutor, row: PaymentRow): Promise<void> {
    await db.insertInto('payments').values(row).execute();
  },

  /** By id alone: callbacks name our payment without knowing its org. */
  async payment(db: DbExecutor, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async paymentInOrg(db: DbExecutor, orgId: string, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async paymentsOfOrder(db: DbExecutor, orgId: string, orderId: string): Promise<PaymentRow[]> {
    return db
      .selectFrom('payments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /**
   * Compare-and-set of a payment's status: only from one of `from`, so a callback and the synchronous
   * answer (or two callbacks) cannot both settle it. On PostgreSQL the loser waits for the winner's
   * commit and then finds the status changed.
   */
  async settle(
    db: DbExecutor,
    id: string,
    from: PaymentStatus[],
    to: PaymentStatus,
    patch: { provider_payment_id?: string | null; failure_reason?: string | null; refunded_fen?: number; updated_at: number },
  ): Promise<boolean> {
    const res = await db
      .updateTable('payments')
      .set({ ...stripUndefined(patch), status: to })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Sets the provider's id on a pending payment once the provider has named it. */
  async setProviderPaymentId(db: DbExecutor, id: string, providerPaymentId: string, now: number): Promise<void> {
    await db
      .updateTable('payments')
      .set({ provider_payment_id: providerPaymentId, updated_at: now })
      .where('id', '=', id)
      .where('provider_payment_id', 'is', null)
      .execute();
  },

  /**
   * Claims `amountFen` of a succeeded payment for a refund, in one conditional update: two refunds
   * racing for the same money cannot both pass the cap.
   */
  async reserveRefund(db: DbExecutor, id: string, amountFen: number, now: number): Promise<boolean> {
    const res = await db
      .updateTable('payments')
      .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', amountFen), updated_at: now }))
      .where('id', '=', id)
      .where('status', '=', 'succeeded')
      .where((eb) => eb(eb('refunded_fen', '+', amountFen), '<=', eb.ref('amount_fen')))
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Gives a failed refund's claim back. */
  async releaseRefund(db: DbExecutor, id: string, amountFen: number, now: number): Promise<void> {
    await db
      .updateTable('payments')
      .set((eb) => ({ refunded_fen: eb('refunded_fen', '-', amountFen), updated_at: now }))
      .where('id', '=', id)
      .where('refunded_fen', '>=', amountFen)
      .execute();
  },

  async insertRefund(db: DbExecutor, row: RefundRow): Promise<void> {
    await db.insertInto('refunds').values(row).execute();
  },

  async refund(db: DbExecutor, id: string): Promise<RefundRow | undefined> {
    return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async refundsOfOrder(db: DbExecutor, orgId: string, orderId: string): Promise<RefundRow[]> {
    return db
      .selectFrom('refunds')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** pending → succeeded | failed, once. */
  async settleRefund(db: DbExecutor, id: string, to: RefundStatus, providerRefundId: string | null, now: number): Promise<boolean> {
    const res = await db
      .updateTable('refunds')
      .set({ status: to, updated_at: now, ...(providerRefundId === null ? {} : { provider_refund_id: providerRefundId }) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** The provider accepted a refund it will finish later: remember its id for the callback. */
  async setProviderRefundId(db: DbExecutor, id: string, providerRefundId: string, now: number): Promise<void> {
    await db.updateTable('refunds').set({ provider_refund_id: providerRefundId, updated_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
  },

  /**
   * Records a provider event; false when (provider, event id) was already recorded. Run inside the
   * transaction that applies the event: a concurrent duplicate waits on the key, then does nothing.
   */
  async insertEvent(db: DbExecutor, row: PaymentEventRow): Promise<boolean> {
    const inserted = await db
      .insertInto('payment_events')
      .values(row)
      .onConflict((oc) => oc.columns(['provider', 'provider_event_id']).doNothing())
      .returning('provider_event_id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  async eventsOfPayment(db: DbExecutor, paymentId: string): Promise<PaymentEventRow[]> {
    return db.selectFrom('payment_events').selectAll().where('payment_id', '=', paymentId).orderBy('received_at').execute();
  },
};

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
