import type { Address } from '@livedesk/contracts';
import { newId } from '../lib/ids.js';
import type { TestApp } from './app.js';

export const testAddress: Address = {
  name: '张三',
  phone: '13812348000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '文三路 100 号 3 幢 501',
};

/**
 * A listed product with one SKU and stock in the org's default warehouse, written through the same
 * inventory path the catalog uses, so order tests do not depend on the catalog's HTTP API.
 */
export async function createSku(
  t: TestApp,
  { stock, priceFen = 9900, status = 'listed', skuStatus = 'active' }: { stock: number; priceFen?: number; status?: string; skuStatus?: string },
): Promise<{ skuId: string; productId: string; orgId: string; warehouseId: string }> {
  const owner = await t.login();
  const orgId = owner.org.id;
  const productId = newId();
  const skuId = newId();
  const { inventory } = t.livedesk.services;
  const warehouseId = await t.livedesk.infra.db.kysely.transaction().execute(async (tx) => {
    const now = Date.now();
    await tx.insertInto('products').values({ id: productId, org_id: orgId, title: `商品 ${productId.slice(-4)}`, description: '', category_id: null, brand_id: null, status, list_at: null, delist_at: null, spec_attributes: '[]', images: '[]', created_at: now, updated_at: now }).execute();
    await tx.insertInto('skus').values({ id: skuId, org_id: orgId, product_id: productId, sku_code: `SKU-${skuId.slice(-8)}`, title: '默认', spec_values: '{}', price_fen: priceFen, cost_fen: null, barcode: null, weight_grams: null, status: skuStatus, created_at: now, updated_at: now }).execute();
    const { id } = await inventory.defaultWarehouse(tx, orgId);
    await inventory.receive(tx, { orgId, skuId, warehouseId: id, quantity: stock, reason: 'test stock' });
    return id;
  });
  return { skuId, productId, orgId, warehouseId };
}

export async function newBuyer(t: TestApp): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: {} });
  if (res.status !== 201) throw new Error(`buyer: ${res.status}`);
  return res.body.token as string;
}

/** The stock counters must equal the ledger's sums, and never go negative or over-reserved. */
export async function expectLedgerConsistent(t: TestApp, skuId: string, warehouseId: string) {
  const db = t.livedesk.infra.db.kysely;
  const level = await db.selectFrom('stock_levels').selectAll().where('sku_id', '=', skuId).where('warehouse_id', '=', warehouseId).executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('stock_ledger')
    .select((eb) => [eb.fn.sum<number>('on_hand_delta').as('on_hand'), eb.fn.sum<number>('reserved_delta').as('reserved')])
    .where('sku_id', '=', skuId)
    .where('warehouse_id', '=', warehouseId)
    .executeTakeFirstOrThrow();
  return { onHand: level.on_hand, reserved: level.reserved, ledgerOnHand: Number(sums.on_hand), ledgerReserved: Number(sums.reserved) };
}
