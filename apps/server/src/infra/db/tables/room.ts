/** Tables of the live room's viewer side (migration 0004). */
export interface RoomTables {
  buyer_coins: BuyerCoinsRow;
  live_follows: LiveFollowRow;
}

/** A buyer's virtual-coin balance in one shop (org); created with the starter balance on first use. */
export interface BuyerCoinsRow {
  org_id: string;
  buyer_id: string;
  balance: number;
  updated_at: number;
}

/** A buyer following the shop (关注); one row per buyer and org. */
export interface LiveFollowRow {
  org_id: string;
  buyer_id: string;
  followed_at: number;
}
