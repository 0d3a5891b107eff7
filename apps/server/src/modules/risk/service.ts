import {
  RiskRules,
  type Address,
  type RiskAction,
  type RiskBuyerView,
  type RiskDecisionPage,
  type RiskDecisionQuery,
  type RiskDecisionView,
  type RiskRuleName,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import type { PiiCipher } from '../../lib/crypto.js';
import { forbidden } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { RiskDecisionRow, RiskOrderMarkRow } from '../../infra/db/tables/lottery-risk.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import type { OrdersService, PlacementGuard } from '../orders/service.js';
import type { PaymentFailureListener } from '../payments/service.js';
import { riskRepo, type MarkKey } from './repo.js';

/** Every rule watches from the start; none refuses an order until the shop says so. */
export const DEFAULT_RISK_RULES: RiskRules = {
  deviceBurst: { enabled: true, action: 'flag', maxOrders: 5, windowMinutes: 10 },
  phoneBurst: { enabled: true, action: 'flag', maxOrders: 5, windowMinutes: 10 },
  addressBurst: { enabled: true, action: 'flag', maxOrders: 10, windowMinutes: 10 },
  paymentFailures: { enabled: true, action: 'flag', maxFailures: 5, windowMinutes: 30 },
  flashSaleOnly: { enabled: true, action: 'flag', minOrders: 5 },
};

/** A buyer with a decision this recent carries the room's `flagged` tag. */
export const FLAG_TTL_MS = 30 * 86_400_000;

const MINUTE = 60_000;

interface Hit {
  rule: RiskRuleName;
  action: RiskAction;
  detail: Record<string, unknown>;
  blockedUntil?: number;
}

/** Phone and address as compared: digits only; NFKC, lower case, no spaces or punctuation. */
const normalizePhone = (phone: string) => phone.replace(/\D/g, '');
const normalizeAddress = (a: Address) =>
  `${a.province}${a.city}${a.district}${a.detail}`.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');

/**
 * Risk rules (风控). Order bursts per device, phone and address and flash-sale-only accounts are judged
 * by `guard`, inside the placing transaction; repeated failed payments by `paymentFailed`, inside the
 * transaction that records the failure. Each rule flags (the order goes through, the buyer is marked)
 * or blocks (403 `risk_blocked`), and every decision is a `risk_decisions` row.
 *
 * Counts read committed rows through indexes, so on PostgreSQL two orders of one device placed at the
 * same instant may each miss the other: a burst is caught one order late, never a refusal invented.
 */
export class RiskService {
  constructor(
    private readonly db: Db,
    private readonly orders: Pick<OrdersService, 'order'>,
    private readonly pii: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Install with `orders.beforePlace(risk.guard)`. A refused order leaves nothing behind, so its block
   * decision is written after the placing transaction rolled back.
   */
  readonly guard: PlacementGuard = async (tx, buyer, body, terms, placement) => {
    // A prize claim buys nothing: it neither counts nor may be refused.
    if (terms.source === 'lottery') return;
    const now = this.clock.now();
    const rules = await this.rulesIn(tx, buyer.orgId);
    const mark: RiskOrderMarkRow = {
      order_id: placement.orderId,
      org_id: buyer.orgId,
      buyer_id: buyer.id,
      device_id: placement.deviceId,
      phone_hash: this.pii.lookupHash(`risk:phone:${normalizePhone(body.address.phone)}`),
      address_hash: this.pii.lookupHash(`risk:address:${normalizeAddress(body.address)}`),
      flash_sale: terms.source === 'flash_sale' ? 1 : 0,
      created_at: now,
    };
    const hits: Hit[] = [];

    if (rules.paymentFailures.enabled && rules.paymentFailures.action === 'block') {
      const block = await riskRepo.activeBlock(tx, buyer.orgId, buyer.id, now);
      if (block) hits.push({ rule: 'paymentFailures', action: 'block', detail: { blockedUntil: block.blocked_until, since: block.id } });
    }
    const bursts: ['deviceBurst' | 'phoneBurst' | 'addressBurst', MarkKey, string | null][] = [
      ['deviceBurst', 'device_id', mark.device_id],
      ['phoneBurst', 'phone_hash', mark.phone_hash],
      ['addressBurst', 'address_hash', mark.address_hash],
    ];
    for (const [name, key, value] of bursts) {
      const rule = rules[name];
      if (!rule.enabled || value === null) continue;
      const orders = (await riskRepo.countMarks(tx, buyer.orgId, key, value, now - rule.windowMinutes * MINUTE)) + 1;
      if (orders > rule.maxOrders) {
        hits.push({
          rule: name,
          action: rule.action,
          detail: { orders, maxOrders: rule.maxOrders, windowMinutes: rule.windowMinutes, ...(name === 'deviceBurst' ? { deviceId: value } : {}) },
        });
      }
    }
    if (rules.flashSaleOnly.enabled && mark.flash_sale) {
      const mix = await riskRepo.orderMix(tx, buyer.orgId, buyer.id);
      if (mix.flash === mix.total && mix.total + 1 >= rules.flashSaleOnly.minOrders) {
        hits.push({ rule: 'flashSaleOnly', action: rules.flashSaleOnly.action, detail: { orders: mix.total + 1, minOrders: rules.flashSaleOnly.minOrders } });
      }
    }

    const blocking = hits.find((h) => h.action === 'block');
    if (blocking) {
      const decisions = hits.map((h) => this.decision(buyer.orgId, buyer.id, null, h, now));
      placement.afterRefusal(() => riskRepo.insertDecisions(this.db.kysely, decisions));
      throw forbidden("This order is refused by the shop's risk rules", { reason: 'risk_blocked', rule: blocking.rule });
    }
    await riskRepo.insertMark(tx, mark);
    await riskRepo.insertDecisions(tx, hits.map((h) => this.decision(buyer.orgId, buyer.id, placement.orderId, h, now)));
  };

  /** Install with `payments.onFailure(risk.paymentFailed)`. */
  readonly paymentFailed: PaymentFailureListener = async (tx, failure) => {
    const order = await this.orders.order(tx, failure.orgId, failure.orderId);
    if (!order) return;
    const now = this.clock.now();
    await riskRepo.insertFailure(tx, { payment_id: failure.paymentId, org_id: failure.orgId, buyer_id: order.buyer_id, order_id: order.id, at: now });
    const rule = (await this.rulesIn(tx, failure.orgId)).paymentFailures;
    if (!rule.enabled) return;
    const windowMs = rule.windowMinutes * MINUTE;
    const failures = await riskRepo.countFailures(tx, failure.orgId, order.buyer_id, now - windowMs);
    if (failures <= rule.maxFailures) return;
    const hit: Hit = {
      rule: 'paymentFailures',
      action: rule.action,
      detail: { failures, maxFailures: rule.maxFailures, windowMinutes: rule.windowMinutes, paymentId: failure.paymentId },
      ...(rule.action === 'block' ? { blockedUntil: now + windowMs } : {}),
    };
    await riskRepo.insertDecisions(tx, [this.decision(failure.orgId, order.buyer_id, order.id, hit, now)]);
  };

  /** For the room's `flagged` tag: any decision about the buyer in the last 30 days. */
  async isFlagged(orgId: string, buyerId: string): Promise<boolean> {
    return riskRepo.hasDecisionSince(this.db.kysely, orgId, buyerId, this.clock.now() - FLAG_TTL_MS);
  }

  async rules(actor: Actor): Promise<RiskRules> {
    return this.rulesIn(this.db.kysely, actor.orgId);
  }

  async updateRules(actor: Actor, next: RiskRules): Promise<RiskRules> {
    await this.audit.transaction(actor, async (tx, record) => {
      const current = await this.rulesIn(tx, actor.orgId);
      await riskRepo.upsertRules(tx, { org_id: actor.orgId, rules: JSON.stringify(next), updated_by: actor.id, updated_at: this.clock.now() });
      const changed = (Object.keys(next) as RiskRuleName[]).filter((name) => JSON.stringify(current[name]) !== JSON.stringify(next[name]));
      await record({
        action: 'risk.rules',
        targetType: 'org',
        targetId: actor.orgId,
        changes: changed.map((name) => ({ field: name, from: current[name], to: next[name] })),
      });
    });
    return next;
  }

  async decisions(actor: Actor, query: RiskDecisionQuery): Promise<RiskDecisionPage> {
    const rows = await riskRepo.decisions(
      this.db.kysely,
      actor.orgId,
      { buyerId: query.buyerId, rule: query.rule, action: query.action, before: query.cursor },
      query.limit + 1,
    );
    const items = rows.slice(0, query.limit);
    return { items: items.map(decisionView), nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
  }

  async buyer(actor: Actor, buyerId: string): Promise<RiskBuyerView> {
    const now = this.clock.now();
    const [decisions, block] = await Promise.all([
      riskRepo.decisions(this.db.kysely, actor.orgId, { buyerId }, 50),
      riskRepo.activeBlock(this.db.kysely, actor.orgId, buyerId, now),
    ]);
    return {
      buyerId,
      flagged: decisions.some((d) => d.created_at >= now - FLAG_TTL_MS),
      blockedUntil: block?.blocked_until ?? null,
      decisions: decisions.map(decisionView),
    };
  }

  private async rulesIn(db: DbExecutor, orgId: string): Promise<RiskRules> {
    const row = await riskRepo.rules(db, orgId);
    return row ? RiskRules.parse(JSON.parse(row.rules)) : DEFAULT_RISK_RULES;
  }

  private decision(orgId: string, buyerId: string, orderId: string | null, hit: Hit, now: number): RiskDecisionRow {
    return {
      id: newId(),
      org_id: orgId,
      rule: hit.rule,
      action: hit.action,
      buyer_id: buyerId,
      order_id: orderId,
      detail: JSON.stringify(hit.detail),
      blocked_until: hit.blockedUntil ?? null,
      created_at: now,
    };
  }
}

const decisionView = (row: RiskDecisionRow): RiskDecisionView => ({
  id: row.id,
  rule: row.rule as RiskRuleName,
  action: row.action as RiskAction,
  buyerId: row.buyer_id,
  orderId: row.order_id,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
  blockedUntil: row.blocked_until,
  at: row.created_at,
});
