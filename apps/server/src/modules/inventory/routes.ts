import { z } from 'zod';
import {
  CampaignStockView,
  CampaignType,
  CarveCampaignStockBody,
  CreateWarehouseBody,
  LedgerPage,
  LedgerQuery,
  SkuAvailabilityView,
  StockAdjustmentBody,
  StockLevelQuery,
  StockLevelSettingsBody,
  StockLevelView,
  UpdateWarehouseBody,
  WarehouseView,
} from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { InventoryAdmin } from './staff.js';

const tags = ['inventory'];
const Id = z.string().min(1).max(64);

export function inventoryRoutes(app: App, admin: InventoryAdmin) {
  const r = typed(app);
  r.get('/api/v1/inventory/skus/:skuId', { schema: { tags, params: z.strictObject({ skuId: Id }), response: { 200: SkuAvailabilityView } } }, async (req) =>
    admin.sku(requireStaff(req, 'inventory:read'), req.params.skuId),
  );
  r.get('/api/v1/inventory/levels', { schema: { tags, querystring: StockLevelQuery, response: { 200: z.object({ items: z.array(StockLevelView) }) } } }, async (req) => ({
    items: await admin.levels(requireStaff(req, 'inventory:read'), req.query),
  }));
  r.patch('/api/v1/inventory/levels', { schema: { tags, body: StockLevelSettingsBody, response: { 200: SkuAvailabilityView } } }, async (req) =>
    admin.setLevelSettings(requireStaff(req, 'inventory:write'), req.body),
  );
  r.post('/api/v1/inventory/adjustments', { schema: { tags, body: StockAdjustmentBody, response: { 201: SkuAvailabilityView } } }, async (req, reply) =>
    reply.code(201).send(await admin.adjust(requireStaff(req, 'inventory:write'), req.body)),
  );
  r.get('/api/v1/inventory/ledger', { schema: { tags, querystring: LedgerQuery, response: { 200: LedgerPage } } }, async (req) =>
    admin.ledger(requireStaff(req, 'inventory:read'), req.query),
  );
  r.get('/api/v1/inventory/warehouses', { schema: { tags, response: { 200: z.object({ items: z.array(WarehouseView) }) } } }, async (req) => ({
    items: await admin.warehouses(requireStaff(req, 'inventory:read')),
  }));
  r.post('/api/v1/inventory/warehouses', { schema: { tags, body: CreateWarehouseBody, response: { 201: WarehouseView } } }, async (req, reply) =>
    reply.code(201).send(await admin.createWarehouse(requireStaff(req, 'inventory:write'), req.body)),
  );
  r.patch('/api/v1/inventory/warehouses/:id', { schema: { tags, params: z.strictObject({ id: Id }), body: UpdateWarehouseBody, response: { 200: WarehouseView } } }, async (req) =>
    admin.updateWarehouse(requireStaff(req, 'inventory:write'), req.params.id, req.body),
  );
  r.get(
    '/api/v1/inventory/campaign-stock',
    { schema: { tags, querystring: z.strictObject({ campaignType: CampaignType, campaignId: Id }), response: { 200: z.object({ items: z.array(CampaignStockView) }) } } },
    async (req) => ({ items: await admin.campaignStock(requireStaff(req, 'inventory:read'), { type: req.query.campaignType, id: req.query.campaignId }) }),
  );
  r.post('/api/v1/inventory/campaign-stock', { schema: { tags, body: CarveCampaignStockBody, response: { 201: CampaignStockView } } }, async (req, reply) =>
    reply.code(201).send(await admin.carve(requireStaff(req, 'live:manage'), req.body)),
  );
  r.post('/api/v1/inventory/campaign-stock/:id/return', { schema: { tags, params: z.strictObject({ id: Id }), response: { 200: CampaignStockView } } }, async (req) =>
    admin.returnCarve(requireStaff(req, 'live:manage'), req.params.id),
  );
}
