import type { DbExecutor } from '../../infra/db/port.js';
import { aftersalesRepo } from './repo.js';

export interface ShippingHolds {
  /** units that must not ship now: named by an open or refunded unshipped refund_only case */
  blocked: Map<string, number>;
  /** units that will never ship: their unshipped refund_only case is refunded */
  settled: Map<string, number>;
}

/**
 * 未发货仅退款: units a buyer asked to have refunded before they shipped must not ship while the case is
 * open, nor after it is refunded. Only refunded ones count as done when deciding whether an order has
 * fully shipped: a rejected or withdrawn request makes its units shippable again. Per order line id.
 */
export async function shippingHolds(db: DbExecutor, orderIds: string[]): Promise<ShippingHolds> {
  const blocked = new Map<string, number>();
  const settled = new Map<string, number>();
  for (const row of await aftersalesRepo.unshippedClaims(db, orderIds)) {
    blocked.set(row.order_line_id, (blocked.get(row.order_line_id) ?? 0) + row.units);
    if (row.status === 'refunded') settled.set(row.order_line_id, (settled.get(row.order_line_id) ?? 0) + row.units);
  }
  return { blocked, settled };
}
