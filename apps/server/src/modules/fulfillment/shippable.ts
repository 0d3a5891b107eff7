import type { OrderLineRow } from '../../infra/db/database.js';

/** Order statuses that may still have units to ship. */
export const SHIPPABLE_STATUSES: readonly string[] = ['paid', 'partially_shipped'];

type LineCounts = Pick<OrderLineRow, 'id' | 'quantity' | 'shipped_quantity'>;

/** Units of a line still to ship: ordered, less shipped, less those an unshipped refund case holds back. */
export const unitsToShip = (line: LineCounts, holds: ReadonlyMap<string, number>): number =>
  Math.max(0, line.quantity - line.shipped_quantity - (holds.get(line.id) ?? 0));
