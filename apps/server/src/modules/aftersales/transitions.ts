import type { AftersalesStatus, AftersalesType } from '@livedesk/contracts';

/**
 * The after-sales lifecycle of each case type on one screen; every move not listed is refused.
 * `closed` ends a case without (further) money: withdrawn by the buyer, abandoned (no return parcel),
 * an exchange after its replacement shipped, or a return staff decided not to refund.
 */
export const aftersalesTransitions = {
  refund_only: {
    requested: ['approved', 'rejected', 'closed'],
    approved: ['refunded', 'closed'],
    rejected: [],
    return_shipped: [],
    received: [],
    refunded: [],
    closed: [],
  },
  return_refund: {
    requested: ['approved', 'rejected', 'closed'],
    approved: ['return_shipped', 'closed'],
    rejected: [],
    return_shipped: ['received'],
    received: ['refunded', 'closed'],
    refunded: [],
    closed: [],
  },
  exchange: {
    requested: ['approved', 'rejected', 'closed'],
    approved: ['return_shipped', 'closed'],
    rejected: [],
    return_shipped: ['received'],
    received: ['closed'],
    refunded: [],
    closed: [],
  },
} as const satisfies Record<AftersalesType, Record<AftersalesStatus, readonly AftersalesStatus[]>>;

export const canMoveCase = (type: AftersalesType, from: AftersalesStatus, to: AftersalesStatus): boolean =>
  (aftersalesTransitions[type][from] as readonly AftersalesStatus[]).includes(to);

/** Statuses in which the buyer may still withdraw the case. */
export const buyerMayWithdraw: readonly AftersalesStatus[] = ['requested', 'approved'];

/** How long each step may take before the case is overdue, counted from entering the status. */
export const SLA_MS: Partial<Record<AftersalesStatus, number>> = {
  /** a staff decision (approve or reject) */
  requested: 48 * 3_600_000,
  /** refund_only: paying back; return types: the buyer sending the parcel */
  approved: 72 * 3_600_000,
  /** the parcel arriving and being checked */
  return_shipped: 7 * 24 * 3_600_000,
  /** the refund, or the replacement shipping */
  received: 48 * 3_600_000,
};
