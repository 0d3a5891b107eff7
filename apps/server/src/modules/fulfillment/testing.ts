import type { OrderView } from '@livedesk/contracts';
import type { TestApp } from '../../testing/app.js';
import { testAddress } from '../../testing/commerce.js';

/** Shared by the fulfilment and after-sales tests: orders placed and paid through the public API. */

export async function placeOrder(t: TestApp, buyer: string, items: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<OrderView> {
  const placed = await t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, body: { items, address: testAddress, ...extra } });
  if (placed.status !== 201) throw new Error(`placing an order: ${placed.status} ${JSON.stringify(placed.body)}`);
  return placed.body as OrderView;
}

/** Places an order and pays it with the sandbox, as a buyer would. */
export async function paidOrder(t: TestApp, buyer: string, items: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<OrderView> {
  const order = await placeOrder(t, buyer, items, extra);
  const paid = await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.id}/pay`, token: buyer, body: { method: 'sandbox' } });
  if (paid.status !== 200 || paid.body.status !== 'paid') throw new Error(`paying an order: ${paid.status} ${JSON.stringify(paid.body)}`);
  return { ...order, status: 'paid' };
}

export async function stockOf(t: TestApp, token: string, skuId: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const res = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token });
  if (res.status !== 200) throw new Error(`stock of ${skuId}: ${res.status}`);
  return { onHand: res.body.onHand, reserved: res.body.reserved, available: res.body.available };
}

export async function staffOrder(t: TestApp, token: string, orderId: string) {
  const res = await t.request({ method: 'GET', url: `/api/v1/orders/${orderId}`, token });
  if (res.status !== 200) throw new Error(`order ${orderId}: ${res.status}`);
  return res.body;
}

/** The ledger rows that name `refId` (a shipment, an after-sales case), oldest first. */
export async function ledgerOf(t: TestApp, refId: string) {
  return t.livedesk.infra.db.kysely
    .selectFrom('stock_ledger')
    .select(['kind', 'on_hand_delta', 'reserved_delta', 'sku_id'])
    .where('ref_id', '=', refId)
    .orderBy('seq')
    .execute()
    .then((rows) => rows.map((r) => ({ kind: r.kind, onHand: Number(r.on_hand_delta), reserved: Number(r.reserved_delta), skuId: r.sku_id })));
}
