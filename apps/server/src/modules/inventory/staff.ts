import type { LedgerEntryView, SkuAvailabilityView, StockAdjustmentBody, StockLevelView, WarehouseView } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { CampaignStockRow, WarehouseRow } from '../../infra/db/database.js';
import type { Db } from '../../infra/db/port.js';
import { diff, type AuditService } from '../audit/service.js';
import { inventoryRepo } from './repo.js';
import type { Campaign, InventoryService } from './service.js';

const warehouseView = (w: WarehouseRow): WarehouseView => ({
  id: w.id, code: w.code, name: w.name, address: w.address, priority: w.priority, createdAt: w.created_at,
});

export const campaignStockView = (c: CampaignStockRow) => ({
  id: c.id,
  campaignType: c.campaign_type as Campaign['type'],
  campaignId: c.campaign_id,
  skuId: c.sku_id,
  warehouseId: c.warehouse_id,
  quantity: c.quantity,
  used: c.used,
  remaining: c.quantity - c.used,
  status: c.status as 'active' | 'returned',
  createdAt: c.created_at,
  returnedAt: c.returned_at,
});

/** The back office's use-cases on stock: every write audited, every movement through InventoryService. */
export class InventoryAdmin {
  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async warehouses(actor: Actor): Promise<WarehouseView[]> {
    return (await inventoryRepo.warehouses(this.db.kysely, actor.orgId)).map(warehouseView);
  }

  async createWarehouse(actor: Actor, body: { code: string; name: string; address?: string; priority?: number }): Promise<WarehouseView> {
    const row: WarehouseRow = {
      id: newId(), org_id: actor.orgId, code: body.code.toUpperCase(), name: body.name, address: body.address ?? '',
      priority: body.priority ?? 10, created_at: this.clock.now(),
    };
    await this.audit.transaction(actor, async (tx, record) => {
      if (!(await inventoryRepo.insertWarehouse(tx, row))) throw conflict('A warehouse with this code exists', { code: row.code });
      await record({ action: 'warehouse.create', targetType: 'warehouse', targetId: row.id, changes: [{ field: 'code', from: null, to: row.code }] });
    });
    return warehouseView(row);
  }

  async updateWarehouse(actor: Actor, id: string, patch: { name?: string; address?: string; priority?: number }): Promise<WarehouseView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const current = await inventoryRepo.warehouse(tx, actor.orgId, id);
      if (!current) throw notFound('Warehouse', id);
      const changes = diff(current, patch);
      if (changes?.length) {
        await inventoryRepo.updateWarehouse(tx, actor.orgId, id, patch);
        await record({ action: 'warehouse.update', targetType: 'warehouse', targetId: id, changes });
      }
      return warehouseView({ ...current, ...patch });
    });
  }

  async sku(actor: Actor, skuId: string): Promise<SkuAvailabilityView> {
    if (!(await inventoryRepo.skuOf(this.db.kysely, actor.orgId, skuId))) throw notFound('SKU', skuId);
    const { levels, ...totals } = await this.inventory.availability(this.db.kysely, actor.orgId, skuId);
    return {
      ...totals,
      warehouses: levels.map((l) => ({
        warehouseId: l.warehouse_id, warehouseCode: l.warehouse_code, warehouseName: l.warehouse_name,
        onHand: l.on_hand, reserved: l.reserved, available: l.on_hand - l.reserved,
        lowStockThreshold: l.low_stock_threshold, bin: l.bin,
      })),
    };
  }

  async levels(actor: Actor, q: { warehouseId?: string; q?: string; low?: '0' | '1'; limit: number; offset: number }): Promise<StockLevelView[]> {
    const rows = await inventoryRepo.levels(this.db.kysely, actor.orgId, { ...q, lowOnly: q.low === '1' });
    return rows.map((r) => ({
      skuId: r.sku_id, skuCode: r.sku_code, skuTitle: r.sku_title, productId: r.product_id, productTitle: r.product_title,
      warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code, warehouseName: r.warehouse_name,
      onHand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved,
      lowStockThreshold: r.low_stock_threshold, bin: r.bin,
      low: r.low_stock_threshold !== null && r.on_hand - r.reserved < r.low_stock_threshold,
      updatedAt: r.updated_at,
    }));
  }

  async ledger(actor: Actor, q: { skuId?: string; warehouseId?: string; refId?: string; cursor?: string; limit: number }) {
    const beforeSeq = q.cursor === undefined ? undefined : Number(q.cursor);
    if (beforeSeq !== undefined && !Number.isSafeInteger(beforeSeq)) throw validationError('cursor is not one this API returned');
    const rows = await inventoryRepo.ledger(this.db.kysely, actor.orgId, { ...q, beforeSeq });
    const items: LedgerEntryView[] = rows.slice(0, q.limit).map((r) => ({
      seq: r.seq, skuId: r.sku_id, skuCode: r.sku_code, warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code,
      kind: r.kind, onHandDelta: r.on_hand_delta, reservedDelta: r.reserved_delta, reason: r.reason,
      refType: r.ref_type, refId: r.ref_id, actorId: r.actor_id, at: r.at,
    }));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? String(last.seq) : null };
  }

  /** Inbound receipts, counted corrections and write-offs by staff. */
  async adjust(actor: Actor, body: StockAdjustmentBody): Promise<SkuAvailabilityView> {
    if (body.kind !== 'adjustment' && body.quantity < 0) throw validationError(`${body.kind} takes a positive quantity`, { field: 'quantity' });
    await this.audit.transaction(actor, async (tx, record) => {
      if (!(await inventoryRepo.skuOf(tx, actor.orgId, body.skuId))) throw notFound('SKU', body.skuId);
      const warehouseId = body.warehouseId ?? (await this.inventory.defaultWarehouse(tx, actor.orgId)).id;
      const move = { orgId: actor.orgId, skuId: body.skuId, warehouseId, reason: body.reason, actorId: actor.id, ref: { type: 'manual', id: actor.id } };
      if (body.kind === 'inbound') await this.inventory.receive(tx, { ...move, quantity: body.quantity });
      else await this.inventory.adjust(tx, { ...move, delta: body.kind === 'write_off' ? -body.quantity : body.quantity }, body.kind);
      await record({
        action: `stock.${body.kind}`,
        targetType: 'sku',
        targetId: body.skuId,
        changes: [{ field: 'onHand', from: null, to: body.kind === 'write_off' ? -body.quantity : body.quantity }],
      });
    });
    return this.sku(actor, body.skuId);
  }

  async setLevelSettings(actor: Actor, body: { skuId: string; warehouseId: string; lowStockThreshold?: number | null; bin?: string | null }) {
    await this.audit.transaction(actor, async (tx, record) => {
      const patch = {
        ...(body.lowStockThreshold !== undefined ? { low_stock_threshold: body.lowStockThreshold } : {}),
        ...(body.bin !== undefined ? { bin: body.bin } : {}),
      };
      if (!Object.keys(patch).length) return;
      if (!(await inventoryRepo.setLevelSettings(tx, actor.orgId, body.skuId, body.warehouseId, patch))) {
        throw notFound('Stock level', `${body.skuId}@${body.warehouseId}`);
      }
      await record({ action: 'stock.settings', targetType: 'sku', targetId: body.skuId, changes: Object.entries(patch).map(([field, to]) => ({ field, from: null, to })) });
    });
    return this.sku(actor, body.skuId);
  }

  async campaignStock(actor: Actor, campaign: Campaign) {
    return (await inventoryRepo.campaignStockOf(this.db.kysely, actor.orgId, campaign.type, campaign.id)).map(campaignStockView);
  }

  async carve(actor: Actor, body: { campaignType: Campaign['type']; campaignId: string; skuId: string; quantity: number; warehouseId?: string }) {
    const id = await this.audit.transaction(actor, async (tx, record) => {
      if (!(await inventoryRepo.skuOf(tx, actor.orgId, body.skuId))) throw notFound('SKU', body.skuId);
      const carved = await this.inventory.carveCampaignStock(tx, {
        orgId: actor.orgId, campaign: { type: body.campaignType, id: body.campaignId }, skuId: body.skuId,
        quantity: body.quantity, ...(body.warehouseId ? { warehouseId: body.warehouseId } : {}), actorId: actor.id,
      });
      await record({ action: 'stock.campaign_carve', targetType: 'sku', targetId: body.skuId, changes: [{ field: body.campaignType, from: null, to: { campaignId: body.campaignId, quantity: body.quantity } }] });
      return carved;
    });
    const row = await inventoryRepo.campaignStockById(this.db.kysely, actor.orgId, id);
    return campaignStockView(row!);
  }

  async returnCarve(actor: Actor, id: string) {
    await this.audit.transaction(actor, async (tx, record) => {
      const returned = await this.inventory.returnCampaignStock(tx, actor.orgId, id, actor.id);
      await record({ action: 'stock.campaign_return', targetType: 'campaign_stock', targetId: id, changes: [{ field: 'returned', from: null, to: returned }] });
    });
    const row = await inventoryRepo.campaignStockById(this.db.kysely, actor.orgId, id);
    return campaignStockView(row!);
  }
}
