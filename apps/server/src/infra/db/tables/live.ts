/** Row types of the live-session tables (migration 0003_live). */
export interface LiveTables {
  live_sessions: LiveSessionRow;
  live_session_products: LiveSessionProductRow;
  live_session_skus: LiveSessionSkuRow;
  live_explanations: LiveExplanationRow;
}

export interface LiveSessionRow {
  id: string;
  org_id: string;
  title: string;
  cover_url: string | null;
  /** JSON array of {name, userId?} */
  anchors: string;
  status: string;
  scheduled_start_at: number | null;
  scheduled_end_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  stream_secret: string;
  publisher_gone_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface LiveSessionProductRow {
  live_session_id: string;
  product_id: string;
  org_id: string;
  position: number;
  pinned_at: number | null;
}

export interface LiveSessionSkuRow {
  live_session_id: string;
  sku_id: string;
  product_id: string;
  live_price_fen: number | null;
  campaign_stock_id: string | null;
}

export interface LiveExplanationRow {
  id: string;
  live_session_id: string;
  org_id: string;
  product_id: string;
  start_at: number;
  end_at: number | null;
}
