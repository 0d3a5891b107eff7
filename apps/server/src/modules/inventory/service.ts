import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { ReservationRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import { inventoryRepo, type LedgerEntry } from './repo.js';

export interface StockRef {
  type: string;
  id: string;
}

export interface StockMove {
  orgId: string;
  skuId: string;
  warehouseId: string;
  quantity: number;
  reason?: string | null;
  ref?: StockRef;
  actorId?: string | null;
}

export interface Campaign {
  type: 'live_session' | 'flash_sale';
  id: string;
}

export interface ReservedLine {
  skuId: string;
  warehouseId: string;
  quantity: number;
  /** the hold, so a cart hold (no order) can be released or turned into an order later */
  reservationId: string;
}

export const DEFAULT_WAREHOUSE_CODE = 'MAIN';

export const insufficientStock = (skuId: string, available: number) =>
  new AppError('insufficient_stock', 'Not enough stock available', { skuId, available });

/** Sums quantities per SKU so two lines of one SKU are checked against stock once, together. */
export function aggregateBySku(lines: { skuId: string; quantity: number }[]): { skuId: string; quantity: number }[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.quantity);
  // A fixed order of row locks on PostgreSQL: two orders over the same SKUs can never deadlock.
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([skuId, quantity]) => ({ skuId, quantity }));
}

/**
 * Stock per SKU and warehouse as two counters (`on_hand`, `reserved`; available = on_hand − reserved)
 * kept equal to the sum of the ledger. Every method that moves stock takes the caller's transaction and
 * writes its ledger rows in it, so a change and its reason commit together or not at all.
 */
export class InventoryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The org's first warehouse, created as `MAIN` on first use. */
  async defaultWarehouse(tx: DbExecutor, orgId: string): Promise<{ id: string }> {
    const [first] = await inventoryRepo.warehouses(tx, orgId);
    if (first) return first;
    await inventoryRepo.insertWarehouse(tx, {
      id: newId(),
      org_id: orgId,
      code: DEFAULT_WAREHOUSE_CODE,
      name: '主仓 Main warehouse',
      address: '',
      priority: 0,
      created_at: this.clock.now(),
    });
    // Another transaction may have created it first; the unique code makes both see the same row.
    const created = await inventoryRepo.warehouseByCode(tx, orgId, DEFAULT_WAREHOUSE_CODE);
    if (!created) throw new Error('default warehouse could not be created');
    return created;
  }

  /** Goods arriving (inbound) or counted back in (return): on_hand += quantity. */
  async receive(tx: Tx, move: StockMove, kind: 'inbound' | 'return' = 'inbound'): Promise<void> {
    await this.assertWarehouse(tx, move.orgId, move.warehouseId);
    await inventoryRepo.ensureLevel(tx, { ...move, now: this.clock.now() });
    if (move.quantity === 0) return;
    const after = await inventoryRepo.changeOnHand(tx, move.skuId, move.warehouseId, move.quantity, this.clock.now());
    if (!after) throw new Error('stock level vanished inside the transaction');
    await this.ledger(tx, [{ move, kind, onHand: move.quantity, reserved: 0 }]);
  }

  /**
   * A counted correction (盘点) or a write-off: on_hand += delta. Refused when it would leave less on
   * hand than is reserved for orders already placed.
   */
  async adjust(tx: Tx, move: Omit<StockMove, 'quantity'> & { delta: number }, kind: 'adjustment' | 'write_off' = 'adjustment') {
    await this.assertWarehouse(tx, move.orgId, move.warehouseId);
    await inventoryRepo.ensureLevel(tx, { ...move, now: this.clock.now() });
    const after = await inventoryRepo.changeOnHand(tx, move.skuId, move.warehouseId, move.delta, this.clock.now());
    if (!after) {
      const level = await this.levelIn(tx, move.orgId, move.skuId, move.warehouseId);
      throw conflict('On-hand stock cannot fall below what is reserved for orders', { ...level, delta: move.delta });
    }
    await this.ledger(tx, [{ move: { ...move, quantity: move.delta }, kind, onHand: move.delta, reserved: 0 }]);
    await this.signalLowStock(tx, move.orgId, move.skuId, move.warehouseId, after, -move.delta);
  }

  /**
   * Holds stock for an unpaid order until `expiresAt`. Each SKU is taken from the first warehouse (by
   * priority, then most available) that can hold all of it; within a campaign (a live show's 活动库存 or a
   * flash sale), from the campaign's carve only. All or nothing: the first SKU that does not fit throws
   * `insufficient_stock` and the caller's transaction rolls back every hold made before it.
   */
  async reserveForOrder(
    tx: Tx,
    input: { orgId: string; orderId: string | null; lines: { skuId: string; quantity: number }[]; expiresAt: number; campaign?: Campaign },
  ): Promise<ReservedLine[]> {
    const now = this.clock.now();
    const reserved: ReservedLine[] = [];
    const holds: ReservationRow[] = [];
    for (const { skuId, quantity } of aggregateBySku(input.lines)) {
      const carve = input.campaign ? await inventoryRepo.activeCampaignStock(tx, input.campaign.type, input.campaign.id, skuId) : undefined;
      let warehouseId: string | undefined;
      if (carve) {
        // The carve is already counted in `reserved`; an order only takes its share of it.
        if (!(await inventoryRepo.useCampaignStock(tx, carve.id, quantity))) {
          const fresh = await inventoryRepo.campaignStockById(tx, input.orgId, carve.id);
          throw insufficientStock(skuId, fresh ? fresh.quantity - fresh.used : 0);
        }
        warehouseId = carve.warehouse_id;
      } else {
        const levels = await inventoryRepo.levelsOfSku(tx, input.orgId, skuId);
        for (const level of levels) {
          if (level.on_hand - level.reserved < quantity) continue;
          const after = await inventoryRepo.reserve(tx, skuId, level.warehouse_id, quantity, now);
          if (!after) continue; // taken by a concurrent order since we looked; try the next warehouse
          warehouseId = level.warehouse_id;
          await this.signalLowStock(tx, input.orgId, skuId, level.warehouse_id, after, quantity);
          break;
        }
        if (!warehouseId) throw insufficientStock(skuId, Math.max(0, await this.availableIn(tx, input.orgId, skuId)));
        await this.ledger(tx, [{ move: { orgId: input.orgId, skuId, warehouseId, quantity, ref: input.orderId ? { type: 'order', id: input.orderId } : undefined }, kind: 'reservation', onHand: 0, reserved: quantity }]);
      }
      const reservationId = newId();
      holds.push({
        id: reservationId,
        org_id: input.orgId,
        order_id: input.orderId,
        sku_id: skuId,
        warehouse_id: warehouseId,
        campaign_stock_id: carve?.id ?? null,
        quantity,
        status: 'held',
        expires_at: input.expiresAt,
        created_at: now,
        settled_at: null,
      });
      reserved.push({ skuId, warehouseId, quantity, reservationId });
    }
    await inventoryRepo.insertReservations(tx, holds);
    return reserved;
  }

  /** At payment: the holds become sales. The units stay reserved until they ship. */
  async consumeOrderReservations(tx: Tx, orderId: string): Promise<void> {
    const now = this.clock.now();
    for (const hold of await inventoryRepo.heldReservationsOfOrder(tx, orderId)) {
      await inventoryRepo.settleReservation(tx, hold.id, 'held', 'consumed', now);
    }
  }

  /** Cancel or expiry of an order: every hold or unshipped sale goes back to available stock. */
  async releaseOrderReservations(tx: Tx, orderId: string, reason: string): Promise<void> {
    const now = this.clock.now();
    for (const hold of await inventoryRepo.reservationsOfOrder(tx, orderId, ['held', 'consumed'])) {
      if (!(await inventoryRepo.settleReservation(tx, hold.id, hold.status, 'released', now))) continue;
      await this.returnHold(tx, hold, hold.quantity, reason, { type: 'order', id: orderId });
    }
  }

  /** Shipping part of an order line: on_hand and reserved both drop by `quantity`. */
  async shipForOrder(tx: Tx, input: { orgId: string; orderId: string; skuId: string; quantity: number; ref: StockRef; actorId?: string | null }) {
    let remaining = input.quantity;
    const now = this.clock.now();
    for (const hold of await inventoryRepo.reservationsOfOrder(tx, input.orderId, ['consumed', 'held'])) {
      if (hold.sku_id !== input.skuId || remaining === 0) continue;
      const take = Math.min(hold.quantity, remaining);
      const after = await inventoryRepo.unreserve(tx, hold.sku_id, hold.warehouse_id, take, now, true);
      if (!after) throw new Error(`reserved stock of ${hold.sku_id} is short of a consumed reservation`);
      if (hold.campaign_stock_id && !(await inventoryRepo.shrinkCampaignStock(tx, hold.campaign_stock_id, take))) {
        throw new Error('campaign stock is short of a shipped reservation');
      }
      if (take === hold.quantity) await inventoryRepo.settleReservation(tx, hold.id, hold.status, 'shipped', now);
      else await inventoryRepo.shrinkReservation(tx, hold.id, take);
      await this.ledger(tx, [{ move: { orgId: input.orgId, skuId: hold.sku_id, warehouseId: hold.warehouse_id, quantity: take, ref: input.ref, actorId: input.actorId }, kind: 'shipment', onHand: -take, reserved: -take }]);
      remaining -= take;
    }
    if (remaining > 0) throw conflict('More units shipped than the order holds', { skuId: input.skuId, unheld: remaining });
  }

  /**
   * Units of a paid order that will never ship (refunded before shipping): `quantity` of the order's
   * holds of the SKU go back to available stock (or to the running campaign they came from).
   */
  async releaseForOrder(tx: Tx, input: { orgId: string; orderId: string; skuId: string; quantity: number; reason: string; ref: StockRef }) {
    let remaining = input.quantity;
    const now = this.clock.now();
    for (const hold of await inventoryRepo.reservationsOfOrder(tx, input.orderId, ['consumed', 'held'])) {
      if (hold.sku_id !== input.skuId || remaining === 0) continue;
      const take = Math.min(hold.quantity, remaining);
      const settled = take === hold.quantity
        ? await inventoryRepo.settleReservation(tx, hold.id, hold.status, 'released', now)
        : await inventoryRepo.shrinkReservation(tx, hold.id, take);
      if (!settled) continue;
      await this.returnHold(tx, hold, take, input.reason, input.ref);
      remaining -= take;
    }
    if (remaining > 0) throw conflict('More units released than the order holds', { skuId: input.skuId, unheld: remaining });
  }

  /** Carves campaign stock (活动库存) for a live show or flash sale out of available stock. */
  async carveCampaignStock(tx: Tx, input: { orgId: string; campaign: Campaign; skuId: string; quantity: number; warehouseId?: string; actorId?: string | null }) {
    const existing = await inventoryRepo.activeCampaignStock(tx, input.campaign.type, input.campaign.id, input.skuId);
    if (existing) throw conflict('This campaign already has stock of that SKU; return it first', { campaignStockId: existing.id });
    const warehouseId = input.warehouseId ?? (await this.bestWarehouseFor(tx, input.orgId, input.skuId, input.quantity));
    const now = this.clock.now();
    if (!(await inventoryRepo.reserve(tx, input.skuId, warehouseId, input.quantity, now))) {
      throw insufficientStock(input.skuId, await this.availableIn(tx, input.orgId, input.skuId));
    }
    const id = newId();
    await inventoryRepo.insertCampaignStock(tx, {
      id, org_id: input.orgId, campaign_type: input.campaign.type, campaign_id: input.campaign.id, sku_id: input.skuId,
      warehouse_id: warehouseId, quantity: input.quantity, used: 0, status: 'active', created_at: now, returned_at: null,
    });
    await this.ledger(tx, [{ move: { ...input, warehouseId, ref: { type: input.campaign.type, id: input.campaign.id } }, kind: 'campaign_carve', onHand: 0, reserved: input.quantity }]);
    return id;
  }

  async campaignStock(executor: DbExecutor, orgId: string, campaignStockId: string) {
    return inventoryRepo.campaignStockById(executor, orgId, campaignStockId);
  }

  /** Ends a carve: what no order uses goes back to available stock. Returns how many units that was. */
  async returnCampaignStock(tx: Tx, orgId: string, campaignStockId: string, actorId?: string | null): Promise<number> {
    for (;;) {
      const carve = await inventoryRepo.campaignStockById(tx, orgId, campaignStockId);
      if (!carve) throw notFound('Campaign stock', campaignStockId);
      if (carve.status !== 'active') return 0;
      const closed = await inventoryRepo.closeCampaignStock(tx, carve.id, carve.quantity, this.clock.now());
      if (!closed) continue; // a shipment shrank the carve meanwhile; read it again
      const unused = carve.quantity - closed.used;
      if (unused > 0) {
        const after = await inventoryRepo.unreserve(tx, carve.sku_id, carve.warehouse_id, unused, this.clock.now(), false);
        if (!after) throw new Error('reserved stock is short of a campaign carve');
        await this.ledger(tx, [{ move: { orgId, skuId: carve.sku_id, warehouseId: carve.warehouse_id, quantity: unused, ref: { type: carve.campaign_type, id: carve.campaign_id }, actorId }, kind: 'campaign_return', onHand: 0, reserved: -unused }]);
      }
      return unused;
    }
  }

  /**
   * Gives a cart hold (a reservation without an order) back at once, if it is still held: true when this
   * call released it. Checkout releases the hold this way right before the order reserves the same units.
   */
  async releaseHold(tx: Tx, orgId: string, reservationId: string, reason: string): Promise<boolean> {
    const hold = await inventoryRepo.reservation(tx, orgId, reservationId);
    if (!hold || hold.order_id !== null) return false;
    if (!(await inventoryRepo.settleReservation(tx, hold.id, 'held', 'released', this.clock.now()))) return false;
    await this.returnHold(tx, hold, hold.quantity, reason, { type: 'reservation', id: hold.id });
    return true;
  }

  /** Releases cart holds without an order (comment-to-buy) once their TTL passed; returns how many. */
  async releaseExpiredHolds(limit = 500): Promise<number> {
    const expired = await inventoryRepo.expiredOrderlessHolds(this.db.kysely, this.clock.now(), limit);
    let released = 0;
    for (const hold of expired) {
      await this.db.kysely.transaction().execute(async (tx) => {
        if (!(await inventoryRepo.settleReservation(tx, hold.id, 'held', 'released', this.clock.now()))) return;
        await this.returnHold(tx, hold, hold.quantity, 'hold expired', { type: 'reservation', id: hold.id });
        released++;
      });
    }
    return released;
  }

  /** Totals over every warehouse, as the public contract reports them. */
  async availability(executor: DbExecutor, orgId: string, skuId: string) {
    const levels = await inventoryRepo.levelsOfSku(executor, orgId, skuId);
    const onHand = levels.reduce((sum, l) => sum + l.on_hand, 0);
    const reserved = levels.reduce((sum, l) => sum + l.reserved, 0);
    return { skuId, onHand, reserved, available: onHand - reserved, levels };
  }

  private async returnHold(tx: Tx, hold: ReservationRow, quantity: number, reason: string, ref: StockRef) {
    const now = this.clock.now();
    if (hold.campaign_stock_id) {
      const carve = await inventoryRepo.campaignStockById(tx, hold.org_id, hold.campaign_stock_id);
      if (carve?.status === 'active') {
        // Back into the running campaign's carve: stays reserved for the campaign.
        if (!(await inventoryRepo.useCampaignStock(tx, carve.id, -quantity))) throw new Error('campaign stock use went negative');
        return;
      }
      // The campaign has ended: the units leave the carve and become generally available.
      if (carve && !(await inventoryRepo.shrinkCampaignStock(tx, carve.id, quantity))) throw new Error('returned carve is short');
    }
    const after = await inventoryRepo.unreserve(tx, hold.sku_id, hold.warehouse_id, quantity, now, false);
    if (!after) throw new Error(`reserved stock of ${hold.sku_id} is short of a held reservation`);
    await this.ledger(tx, [{ move: { orgId: hold.org_id, skuId: hold.sku_id, warehouseId: hold.warehouse_id, quantity, reason, ref }, kind: 'release', onHand: 0, reserved: -quantity }]);
  }

  private async bestWarehouseFor(tx: DbExecutor, orgId: string, skuId: string, quantity: number): Promise<string> {
    const levels = await inventoryRepo.levelsOfSku(tx, orgId, skuId);
    const fit = levels.find((l) => l.on_hand - l.reserved >= quantity);
    if (!fit) throw insufficientStock(skuId, levels.reduce((sum, l) => sum + l.on_hand - l.reserved, 0));
    return fit.warehouse_id;
  }

  private async availableIn(tx: DbExecutor, orgId: string, skuId: string): Promise<number> {
    return (await this.availability(tx, orgId, skuId)).available;
  }

  private async levelIn(tx: DbExecutor, orgId: string, skuId: string, warehouseId: string) {
    const level = (await inventoryRepo.levelsOfSku(tx, orgId, skuId)).find((l) => l.warehouse_id === warehouseId);
    return { onHand: level?.on_hand ?? 0, reserved: level?.reserved ?? 0 };
  }

  private async assertWarehouse(tx: DbExecutor, orgId: string, warehouseId: string) {
    if (!(await inventoryRepo.warehouse(tx, orgId, warehouseId))) throw validationError('Unknown warehouse', { warehouseId });
  }

  /** Raises `inventory.low_stock` once, when a change takes available stock below the threshold. */
  private async signalLowStock(
    tx: Tx,
    orgId: string,
    skuId: string,
    warehouseId: string,
    after: { on_hand: number; reserved: number; low_stock_threshold: number | null },
    decrease: number,
  ) {
    const threshold = after.low_stock_threshold;
    const available = after.on_hand - after.reserved;
    if (threshold === null || decrease <= 0 || available >= threshold || available + decrease < threshold) return;
    await enqueue(tx, { topic: 'inventory', type: 'inventory.low_stock', orgId, payload: { skuId, warehouseId, available, threshold } });
  }

  private async ledger(tx: Tx, moves: { move: StockMove; kind: string; onHand: number; reserved: number }[]) {
    const at = this.clock.now();
    const entries: LedgerEntry[] = moves.map(({ move, kind, onHand, reserved }) => ({
      org_id: move.orgId,
      sku_id: move.skuId,
      warehouse_id: move.warehouseId,
      kind,
      on_hand_delta: onHand,
      reserved_delta: reserved,
      reason: move.reason ?? null,
      ref_type: move.ref?.type ?? null,
      ref_id: move.ref?.id ?? null,
      actor_id: move.actorId ?? null,
      at,
    }));
    await inventoryRepo.insertLedger(tx, entries);
  }
}
