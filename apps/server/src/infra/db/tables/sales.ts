/** Row types of flash sales and comment-to-buy (migration 0006_sales). */
export interface SalesTables {
  flash_sales: FlashSaleRow;
  flash_sale_orders: FlashSaleOrderRow;
  comment_to_buy_settings: CommentToBuySettingsRow;
  cart_holds: CartHoldRow;
  comment_to_buy_log: CommentToBuyLogRow;
}

/** A flash sale (秒杀) of one SKU in a live show, selling from its own campaign stock carve. */
export interface FlashSaleRow {
  id: string;
  org_id: string;
  live_session_id: string;
  product_id: string;
  sku_id: string;
  price_fen: number;
  quota: number;
  per_user_limit: number;
  /** planned start; null: started by hand (console, API) */
  starts_at: number | null;
  /** known once the start is: `endAt`, or the start plus `duration_ms` */
  ends_at: number | null;
  duration_ms: number | null;
  /** scheduled | running | ended (sold out is running with nothing left) */
  status: string;
  campaign_stock_id: string;
  started_at: number | null;
  ended_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** An order placed through a flash sale; `returned_at` is set once its cancellation gave the units back to the quota. */
export interface FlashSaleOrderRow {
  order_id: string;
  flash_sale_id: string;
  org_id: string;
  buyer_id: string;
  quantity: number;
  created_at: number;
  returned_at: number | null;
}

export interface CommentToBuySettingsRow {
  live_session_id: string;
  org_id: string;
  /** 0 | 1 */
  enabled: number;
  /** JSON array of keywords ("扣1", "+1") */
  keywords: string;
  /** 0 | 1: "SOLD <code> [qty]" picks a SKU by its code */
  code_pattern: number;
  hold_minutes: number;
  /** reserve | first_paid */
  mode: string;
  updated_by: string | null;
  updated_at: number;
}

/**
 * A comment-to-buy claim: in `reserve` mode it owns a reservation without an order (the cart hold), in
 * `first_paid` mode it only carries the checkout link; either becomes an order at checkout.
 */
export interface CartHoldRow {
  id: string;
  org_id: string;
  live_session_id: string;
  buyer_id: string;
  product_id: string;
  sku_id: string;
  quantity: number;
  unit_price_fen: number;
  mode: string;
  reservation_id: string | null;
  /** open | checked_out | expired */
  status: string;
  /** `${liveSessionId}:${buyerId}:${productId}` while open, null after: one open hold per buyer and product */
  open_key: string | null;
  order_id: string | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

/** Every comment that asked to buy, and what came of it. */
export interface CommentToBuyLogRow {
  id: string;
  org_id: string;
  live_session_id: string;
  /** the room identity: buyer id or `anon:<anonymousId>` */
  identity: string;
  buyer_id: string | null;
  message_id: string;
  text: string;
  /** reserved | link_sent | repeated | refused */
  decision: string;
  /** why a comment was refused: not_signed_in, no_pin, ambiguous, unknown_code, no_stock, too_many */
  reason: string | null;
  product_id: string | null;
  sku_id: string | null;
  quantity: number | null;
  hold_id: string | null;
  at: number;
}
