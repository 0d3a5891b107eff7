import type { OrderStatus } from '@livedesk/contracts';

/** The order lifecycle on one screen: every transition not listed here is refused. */
export const orderTransitions = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['delivered'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  (orderTransitions[from] as readonly OrderStatus[]).includes(to);
