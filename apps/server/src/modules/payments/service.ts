import { randomBytes } from 'node:crypto';
import type { CallbackResult, PaymentView, PayOrderBody, PayOrderResult, RefundView } from '@livedesk/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { PaymentEventRow, PaymentRow, RefundRow } from '../../infra/db/database.js';
import type { Db, Tx } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import type { OrdersService } from '../orders/service.js';
import type { CallbackRequest, ChargeResult, PaymentEvent, PaymentGateway, PaymentProvider, PaymentProviderName, RefundResult } from './provider.js';
import { paymentsRepo } from './repo.js';
import type { SandboxProvider } from './sandbox.js';

/** A failed payment, as listeners (risk rules) hear of it inside the transaction that records it. */
export type PaymentFailureListener = (tx: Tx, failure: { orgId: string; orderId: string; paymentId: string; reason: string }) => Promise<void>;

/** What payments needs from the orders module; the order's lifecycle stays there. */
export type OrdersForPayments = Pick<OrdersService, 'payableOrder' | 'markPaid' | 'recordPaymentFailure' | 'recordRefund' | 'order' | 'lock'>;

export interface RefundInput {
  orgId: string;
  orderId: string;
  amountFen: number;
  reason: string;
  aftersalesId?: string | null;
  actor: Actor;
}

/** What applying a success, failure or callback came to (the callback endpoint reports it). */
type Outcome =
  | 'paid'
  | 'failed'
  | 'refunded_late_payment'
  | 'refund_succeeded'
  | 'refund_failed'
  | 'duplicate'
  | 'already_settled'
  | 'unknown_payment'
  | 'unknown_refund'
  | 'amount_mismatch'
  | 'ignored';

const appliedOutcomes: ReadonlySet<Outcome> = new Set(['paid', 'failed', 'refunded_late_payment', 'refund_succeeded', 'refund_failed']);

const NOT_PAYABLE_REASON = 'paid after the order stopped being payable; the money was returned';

export const paymentView = (row: PaymentRow): PaymentView => ({
  id: row.id,
  orderId: row.order_id,
  provider: row.provider as PaymentView['provider'],
  amountFen: row.amount_fen,
  status: row.status as PaymentView['status'],
  providerPaymentId: row.provider_payment_id,
  failureReason: row.failure_reason,
  refundedFen: row.refunded_fen,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const refundView = (row: RefundRow): RefundView => ({
  id: row.id,
  paymentId: row.payment_id,
  orderId: row.order_id,
  aftersalesId: row.aftersales_id,
  amountFen: row.amount_fen,
  status: row.status as RefundView['status'],
  providerRefundId: row.provider_refund_id,
  reason: row.reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Taking and returning money. Never holds a transaction open across a provider call (Saleor #11069):
 * a payment row is written `pending` first, the provider is called, then one transaction settles the
 * payment and the order together. Money that arrives for an order that can no longer take it (expired
 * meanwhile, or paid by another attempt) is returned through the provider, never kept silently.
 */
export class PaymentsService {
  readonly sandbox: SandboxProvider;
  private readonly failureListeners: PaymentFailureListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly orders: OrdersForPayments,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly providers: { sandbox: SandboxProvider } & Partial<Record<PaymentProviderName, PaymentProvider>>,
    private readonly report: (message: string, context: Record<string, unknown>) => void = (message, context) =>
      console.error(`payments: ${message}`, context),
    /** The sandbox moves no money: a shop taking real payments turns it off (LIVEDESK_SANDBOX_PAYMENTS=0). */
    private readonly sandboxEnabled = true,
  ) {
    this.sandbox = providers.sandbox;
  }

  onFailure(listener: PaymentFailureListener): void {
    this.failureListeners.push(listener);
  }

  private assertEnabled(providerName: PaymentProviderName | PayOrderBody['method']): void {
    if (providerName === 'sandbox' && !this.sandboxEnabled) {
      throw validationError('Sandbox payments are turned off on this server', { field: 'method' });
    }
  }

  /** The buyer pays their order; `409` (and nothing taken) when it is no longer payable. */
  async pay(buyer: Actor, orderId: string, body: PayOrderBody): Promise<PayOrderResult> {
    const order = await this.orders.payableOrder(this.db.kysely, buyer, orderId);
    const gateway = this.gateway(body.method);
    const now = this.clock.now();
    const payment: PaymentRow = {
      id: newId(),
      org_id: order.orgId,
      order_id: order.id,
      provider: gateway.name,
      amount_fen: order.totalFen,
      status: 'pending',
      provider_payment_id: null,
      failure_reason: null,
      refunded_fen: 0,
      created_at: now,
      updated_at: now,
    };
    await paymentsRepo.insertPayment(this.db.kysely, payment);

    let charged: ChargeResult;
    try {
      charged = await gateway.charge({
        paymentId: payment.id,
        orderId: order.id,
        amountFen: order.totalFen,
        description: `LiveDesk order ${order.id}`,
        expiresAt: order.expiresAt,
        ...(body.outcome ? { simulate: body.outcome } : {}),
      });
    } catch (err) {
      // The provider may or may not have taken the money: the payment stays pending for its callback.
      this.report('charge did not answer', { paymentId: payment.id, err });
      throw new AppError('unavailable', 'The payment provider did not answer; the payment will settle when it reports back', { paymentId: payment.id });
    }

    if (charged.status === 'succeeded') {
      const outcome = await this.applySuccess(payment, charged.providerPaymentId, buyer);
      const settled = await this.paymentRow(payment.id);
      if (outcome === 'refunded_late_payment' || settled.status !== 'succeeded') {
        throw conflict('This order can no longer be paid; the payment was returned', {
          status: await this.orderStatus(order.orgId, order.id),
          paymentId: payment.id,
        });
      }
      return { id: order.id, status: 'paid', payment: paymentView(settled) };
    }
    if (charged.status === 'failed') {
      await this.applyFailure(payment, charged.reason, charged.providerPaymentId, buyer);
    } else if (charged.providerPaymentId) {
      await paymentsRepo.setProviderPaymentId(this.db.kysely, payment.id, charged.providerPaymentId, this.clock.now());
    }
    return { id: order.id, status: 'pending_payment', payment: paymentView(await this.paymentRow(payment.id)) };
  }

  /** Verifies a provider's notification and applies it at most once per provider event id. */
  async handleCallback(providerName: PaymentProviderName, request: CallbackRequest): Promise<CallbackResult> {
    this.assertEnabled(providerName);
    const verifier = this.providers[providerName];
    if (!verifier) throw notFound('Payment provider', providerName);
    const event = await verifier.verifyCallback(request, this.clock.now());
    const outcome = event ? await this.applyEvent(providerName, event) : 'ignored';
    return { received: true, applied: appliedOutcomes.has(outcome), outcome };
  }

  /**
   * Sandbox only: what the provider would send when the buyer finishes (or abandons) a payment. The
   * callback is signed and goes through `handleCallback` like one from outside.
   */
  async sandboxCallback(actor: Actor, paymentId: string, outcome: 'succeed' | 'fail') {
    this.assertEnabled('sandbox');
    const payment = await paymentsRepo.paymentInOrg(this.db.kysely, actor.orgId, paymentId);
    if (!payment) throw notFound('Payment', paymentId);
    if (payment.provider !== 'sandbox') throw conflict('Only sandbox payments can be settled from here', { provider: payment.provider });
    const event: PaymentEvent = {
      providerEventId: `sbx_evt_${randomBytes(12).toString('hex')}`,
      type: outcome === 'succeed' ? 'payment.succeeded' : 'payment.failed',
      paymentId: payment.id,
      providerPaymentId: payment.provider_payment_id ?? `sbx_pay_${randomBytes(12).toString('hex')}`,
      amountFen: payment.amount_fen,
      at: this.clock.now(),
      ...(outcome === 'fail' ? { reason: 'declined by the sandbox' } : {}),
    };
    const result = await this.handleCallback('sandbox', this.sandbox.signedCallback(event));
    return { ...result, payment: paymentView(await this.paymentRow(payment.id)) };
  }

  /**
   * Returns `amountFen` of what the order's buyer paid, across its succeeded payments (oldest first),
   * never more than paid − refunded: each payment's share is claimed by a conditional update, so two
   * refunds racing for the same money cannot both pass. `409` when the amount is not refundable.
   *
   * Without `tx`, the claim commits (with an audit entry) before the provider is called and the result
   * is recorded after. With the caller's `tx` (after-sales settling a case), everything happens in it,
   * the provider call included, so make it the last step of that transaction: the provider cannot be
   * rolled back. The refund id is the provider's refund number, so retrying the same refund is safe.
   */
  async refund(tx: Tx | undefined, input: RefundInput): Promise<RefundView[]> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw validationError('amountFen must be a positive integer');
    if (tx) {
      const planned = await this.claimRefunds(tx, input);
      const done: RefundRow[] = [];
      for (const { refund, payment } of planned) done.push(await this.sendRefund(refund, payment, input.actor, tx));
      return done.map(refundView);
    }
    const planned = await this.audit.transaction(input.actor, async (own, record) => {
      const claimed = await this.claimRefunds(own, input);
      await record({
        action: 'order.refund',
        targetType: 'order',
        targetId: input.orderId,
        changes: [
          { field: 'refundFen', from: null, to: input.amountFen },
          { field: 'reason', from: null, to: input.reason },
        ],
      });
      return claimed;
    });
    const done: RefundRow[] = [];
    for (const { refund, payment } of planned) done.push(await this.sendRefund(refund, payment, input.actor));
    return done.map(refundView);
  }

  /** The order's payments and refunds, for staff. */
  async forOrder(actor: Actor, orderId: string) {
    if (!(await this.orders.order(this.db.kysely, actor.orgId, orderId))) throw notFound('Order', orderId);
    const [payments, refunds] = await Promise.all([
      paymentsRepo.paymentsOfOrder(this.db.kysely, actor.orgId, orderId),
      paymentsRepo.refundsOfOrder(this.db.kysely, actor.orgId, orderId),
    ]);
    return { payments: payments.map(paymentView), refunds: refunds.map(refundView) };
  }

  private gateway(method: PayOrderBody['method']): PaymentGateway {
    this.assertEnabled(method);
    const gateway = this.providers[method];
    if (!gateway) throw validationError(`Payment method ${method} is not available`, { field: 'method' });
    return gateway;
  }

  private async applyEvent(providerName: PaymentProviderName, event: PaymentEvent): Promise<Outcome> {
    const record: PaymentEventRow = {
      provider: providerName,
      provider_event_id: event.providerEventId,
      payment_id: event.paymentId,
      type: event.type,
      // The normalised event, not the raw body: WeChat's is ciphertext, Alipay's carries buyer account names.
      payload: JSON.stringify(event),
      received_at: this.clock.now(),
    };
    const payment = await paymentsRepo.payment(this.db.kysely, event.paymentId);
    // A provider may only speak about payments made through it. Once providers are configured per org,
    // the org whose keys verified the callback must also be the payment's org.
    if (!payment || payment.provider !== providerName) return this.recordOnly(record, 'unknown_payment');
    const actor = systemActor(payment.org_id);

    switch (event.type) {
      case 'payment.succeeded': {
        if (event.amountFen !== payment.amount_fen || !event.providerPaymentId) {
          this.report('a success callback does not match its payment; left for a person to check', {
            paymentId: payment.id,
            expectedFen: payment.amount_fen,
            event,
          });
          return this.recordOnly(record, 'amount_mismatch');
        }
        return this.applySuccess(payment, event.providerPaymentId, actor, record);
      }
      case 'payment.failed':
        return this.applyFailure(payment, event.reason ?? 'failed at the provider', event.providerPaymentId, actor, record);
      case 'refund.succeeded':
      case 'refund.failed': {
        const refund = event.refundId ? await paymentsRepo.refund(this.db.kysely, event.refundId) : undefined;
        if (!refund || refund.payment_id !== payment.id) return this.recordOnly(record, 'unknown_refund');
        const result: RefundResult =
          event.type === 'refund.succeeded'
            ? { status: 'succeeded', providerRefundId: event.providerRefundId ?? refund.provider_refund_id ?? event.providerEventId, at: event.at }
            : { status: 'failed', reason: event.reason ?? 'refund failed at the provider' };
        return this.db.kysely.transaction().execute(async (tx) => {
          if (!(await paymentsRepo.insertEvent(tx, record))) return 'duplicate';
          return (await this.finishRefund(tx, refund, payment, result, actor)) ?? 'already_settled';
        });
      }
    }
  }

  private async recordOnly(record: PaymentEventRow, outcome: Outcome): Promise<Outcome> {
    const fresh = await paymentsRepo.insertEvent(this.db.kysely, record);
    return fresh ? outcome : 'duplicate';
  }

  /**
   * The provider took the money. One transaction: the payment `succeeded` and the order `paid`. If the
   * order refuses (it expired, or another payment got there first), that transaction rolls back and a
   * second one marks the payment `cancelled` and claims its full amount for a refund, which is then sent.
   * A success reported after a failure is still money taken, so `failed` settles the same way.
   */
  private async applySuccess(payment: PaymentRow, providerPaymentId: string, actor: Actor, event?: PaymentEventRow): Promise<Outcome> {
    try {
      return await this.db.kysely.transaction().execute(async (tx): Promise<Outcome> => {
        if (event && !(await paymentsRepo.insertEvent(tx, event))) return 'duplicate';
        const now = this.clock.now();
        const won = await paymentsRepo.settle(tx, payment.id, ['pending', 'failed'], 'succeeded', {
          provider_payment_id: providerPaymentId,
          failure_reason: null,
          updated_at: now,
        });
        if (!won) return 'already_settled';
        await this.orders.markPaid(tx, {
          orgId: payment.org_id,
          orderId: payment.order_id,
          paymentId: payment.id,
          amountFen: payment.amount_fen,
          provider: payment.provider,
          actor,
        });
        return 'paid';
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    }

    const claimed = await this.db.kysely.transaction().execute(async (tx): Promise<Outcome | RefundRow | null> => {
      if (event && !(await paymentsRepo.insertEvent(tx, event))) return 'duplicate';
      const now = this.clock.now();
      const won = await paymentsRepo.settle(tx, payment.id, ['pending', 'failed'], 'cancelled', {
        provider_payment_id: providerPaymentId,
        failure_reason: NOT_PAYABLE_REASON,
        refunded_fen: payment.amount_fen,
        updated_at: now,
      });
      if (!won) return 'already_settled';
      await this.orders.recordPaymentFailure(tx, {
        orgId: payment.org_id,
        orderId: payment.order_id,
        paymentId: payment.id,
        reason: NOT_PAYABLE_REASON,
        actor,
      });
      if (payment.amount_fen === 0) return null;
      const refund = this.refundRow(payment, payment.amount_fen, 'order no longer payable', null, now);
      await paymentsRepo.insertRefund(tx, refund);
      return refund;
    });
    if (typeof claimed === 'string') return claimed;
    if (claimed) await this.sendRefund(claimed, { ...payment, status: 'cancelled', provider_payment_id: providerPaymentId }, actor);
    return 'refunded_late_payment';
  }

  /** pending → failed; the order stays payable and its timeline says why the attempt failed. */
  private async applyFailure(payment: PaymentRow, reason: string, providerPaymentId: string | null, actor: Actor, event?: PaymentEventRow): Promise<Outcome> {
    return this.db.kysely.transaction().execute(async (tx): Promise<Outcome> => {
      if (event && !(await paymentsRepo.insertEvent(tx, event))) return 'duplicate';
      const won = await paymentsRepo.settle(tx, payment.id, ['pending'], 'failed', {
        failure_reason: reason,
        ...(providerPaymentId ? { provider_payment_id: providerPaymentId } : {}),
        updated_at: this.clock.now(),
      });
      if (!won) return 'already_settled';
      await this.orders.recordPaymentFailure(tx, { orgId: payment.org_id, orderId: payment.order_id, paymentId: payment.id, reason, actor });
      for (const listener of this.failureListeners) await listener(tx, { orgId: payment.org_id, orderId: payment.order_id, paymentId: payment.id, reason });
      return 'failed';
    });
  }

  /** Claims the refund's money on each payment it draws from and writes the refunds `pending`. */
  private async claimRefunds(tx: Tx, input: RefundInput): Promise<{ refund: RefundRow; payment: PaymentRow }[]> {
    // The order first, then its payments: the same lock order as after-sales and fulfilment, so two
    // refunds of one order through different paths wait for each other instead of deadlocking.
    if (!(await this.orders.lock(tx, input.orgId, [input.orderId])).length) throw notFound('Order', input.orderId);
    const all = await paymentsRepo.paymentsOfOrder(tx, input.orgId, input.orderId);
    const payments = all.filter((p) => p.status === 'succeeded');
    const refundableFen = payments.reduce((sum, p) => sum + p.amount_fen - p.refunded_fen, 0);
    if (input.amountFen > refundableFen) {
      throw conflict('The refund is more than was paid and not yet refunded', { refundableFen, amountFen: input.amountFen });
    }
    const now = this.clock.now();
    const planned: { refund: RefundRow; payment: PaymentRow }[] = [];
    let remaining = input.amountFen;
    for (const payment of payments) {
      const take = Math.min(remaining, payment.amount_fen - payment.refunded_fen);
      if (take <= 0) continue;
      if (!(await paymentsRepo.reserveRefund(tx, payment.id, take, now))) {
        // Another refund claimed this money between our read and our update.
        throw conflict('Another refund of this order was made at the same time; reload and retry', { amountFen: input.amountFen });
      }
      const refund = this.refundRow(payment, take, input.reason, input.aftersalesId ?? null, now);
      await paymentsRepo.insertRefund(tx, refund);
      planned.push({ refund, payment });
      remaining -= take;
      if (remaining === 0) break;
    }
    return planned;
  }

  /**
   * Asks the provider to return a claimed refund and records what it said, in `tx` or a transaction of
   * its own. An exception from the provider leaves the refund `pending`: whether it happened is unknown.
   */
  private async sendRefund(refund: RefundRow, payment: PaymentRow, actor: Actor, tx?: Tx): Promise<RefundRow> {
    const gateway = this.providers[payment.provider as PaymentProviderName];
    let result: RefundResult;
    if (!gateway || !payment.provider_payment_id) {
      result = { status: 'failed', reason: `no way to refund through ${payment.provider}` };
    } else {
      try {
        result = await gateway.refund({
          refundId: refund.id,
          paymentId: payment.id,
          providerPaymentId: payment.provider_payment_id,
          paymentAmountFen: payment.amount_fen,
          amountFen: refund.amount_fen,
          reason: refund.reason,
        });
      } catch (err) {
        this.report('refund did not answer; it stays pending', { refundId: refund.id, err });
        return refund;
      }
    }
    const finish = (t: Tx) => this.finishRefund(t, refund, payment, result, actor);
    await (tx ? finish(tx) : this.db.kysely.transaction().execute(finish));
    if (result.status === 'failed') {
      this.report('the provider refused a refund', { refundId: refund.id, paymentId: payment.id, reason: result.reason });
    }
    const row = await paymentsRepo.refund(tx ?? this.db.kysely, refund.id);
    if (!row) throw new Error(`refund ${refund.id} vanished`);
    return row;
  }

  /**
   * Settles a pending refund once. A refund of a succeeded payment moves the order's refunded amount;
   * one of a cancelled payment (money returned because the order could not take it) never touched the
   * order. A failed refund gives its claim back so the money can be refunded again.
   */
  private async finishRefund(tx: Tx, refund: RefundRow, payment: PaymentRow, result: RefundResult, actor: Actor): Promise<Outcome | undefined> {
    const now = this.clock.now();
    if (result.status === 'pending') {
      if (result.providerRefundId) await paymentsRepo.setProviderRefundId(tx, refund.id, result.providerRefundId, now);
      return undefined;
    }
    if (result.status === 'failed') {
      if (!(await paymentsRepo.settleRefund(tx, refund.id, 'failed', null, now))) return undefined;
      await paymentsRepo.releaseRefund(tx, payment.id, refund.amount_fen, now);
      return 'refund_failed';
    }
    if (!(await paymentsRepo.settleRefund(tx, refund.id, 'succeeded', result.providerRefundId, now))) return undefined;
    if (payment.status === 'succeeded') {
      await this.orders.recordRefund(tx, {
        orgId: refund.org_id,
        orderId: refund.order_id,
        refundId: refund.id,
        amountFen: refund.amount_fen,
        actor,
        aftersalesId: refund.aftersales_id,
      });
    }
    return 'refund_succeeded';
  }

  private refundRow(payment: PaymentRow, amountFen: number, reason: string, aftersalesId: string | null, now: number): RefundRow {
    return {
      id: newId(),
      org_id: payment.org_id,
      payment_id: payment.id,
      order_id: payment.order_id,
      aftersales_id: aftersalesId,
      amount_fen: amountFen,
      status: 'pending',
      provider_refund_id: null,
      reason,
      created_at: now,
      updated_at: now,
    };
  }

  private async paymentRow(id: string): Promise<PaymentRow> {
    const row = await paymentsRepo.payment(this.db.kysely, id);
    if (!row) throw new Error(`payment ${id} vanished`);
    return row;
  }

  /** The order's status as the 409 reports it: an unpaid order past its deadline reads `expired`. */
  private async orderStatus(orgId: string, orderId: string): Promise<string | undefined> {
    const order = await this.orders.order(this.db.kysely, orgId, orderId);
    const overdue = order?.status === 'pending_payment' && (order.expires_at ?? 0) <= this.clock.now();
    return overdue ? 'expired' : order?.status;
  }
}
