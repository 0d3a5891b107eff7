import type { BuyerTag } from '@livedesk/contracts';

/** 大客户: paid orders in the shop adding up to at least ¥1,000 (refunds not netted). */
export const BIG_SPENDER_FEN = 100_000;

export interface BuyerStanding {
  paidOrders: number;
  paidFen: number;
  /** a risk rule flagged the buyer recently */
  flagged: boolean;
}

/** What the control console shows beside a commenter: 新客 or 老客, 大客户, 风险. */
export function buyerTagsOf(standing: BuyerStanding): BuyerTag[] {
  return [
    standing.paidOrders === 0 ? 'new' : 'returning',
    ...(standing.paidFen >= BIG_SPENDER_FEN ? (['big_spender'] as const) : []),
    ...(standing.flagged ? (['flagged'] as const) : []),
  ];
}

export class BuyerTags {
  constructor(
    private readonly orders: { buyerHistory(orgId: string, buyerId: string): Promise<{ paidOrders: number; paidFen: number }> },
    private readonly risk: { isFlagged(orgId: string, buyerId: string): Promise<boolean> },
  ) {}

  async of(orgId: string, buyerId: string): Promise<BuyerTag[]> {
    const [history, flagged] = await Promise.all([this.orders.buyerHistory(orgId, buyerId), this.risk.isFlagged(orgId, buyerId)]);
    return buyerTagsOf({ ...history, flagged });
  }
}
