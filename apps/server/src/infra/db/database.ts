import type { Generated } from 'kysely';
import type { AlertTables } from './tables/alerts.js';
import type { AnalyticsTables } from './tables/analytics.js';
import type { LiveTables } from './tables/live.js';
import type { LotteryRiskTables } from './tables/lottery-risk.js';
import type { ModerationTables } from './tables/moderation.js';
import type { ReviewTables } from './tables/reviews.js';
import type { RoomTables } from './tables/room.js';
import type { SalesTables } from './tables/sales.js';

/**
 * Every table of the system of record, as Kysely sees it. Columns use the same types on SQLite and
 * PostgreSQL: text, integer (bigint on PostgreSQL, parsed back to number), and JSON kept as text.
 * Booleans are integers 0/1 because SQLite has no boolean type.
 */
export interface Database extends AlertTables, AnalyticsTables, LiveTables, ReviewTables, RoomTables, ModerationTables, SalesTables, LotteryRiskTables {
  orgs: OrgRow;
  users: UserRow;
  memberships: MembershipRow;
  refresh_tokens: RefreshTokenRow;
  api_keys: ApiKeyRow;
  audit_log: AuditRow;
  buyers: BuyerRow;
  outbox: OutboxRow;
  processed_events: ProcessedEventRow;
  leases: LeaseRow;
  categories: CategoryRow;
  brands: BrandRow;
  products: ProductRow;
  skus: SkuRow;
  warehouses: WarehouseRow;
  stock_levels: StockLevelRow;
  stock_ledger: StockLedgerRow;
  campaign_stock: CampaignStockRow;
  reservations: ReservationRow;
  orders: OrderRow;
  order_lines: OrderLineRow;
  order_events: OrderEventRow;
  idempotency_keys: IdempotencyKeyRow;
  payments: PaymentRow;
  payment_events: PaymentEventRow;
  refunds: RefundRow;
  pick_waves: PickWaveRow;
  wave_orders: WaveOrderRow;
  shipments: ShipmentRow;
  shipment_lines: ShipmentLineRow;
  aftersales: AftersalesRow;
  aftersales_lines: AftersalesLineRow;
  commerce_settings: CommerceSettingsRow;
}

export interface OrgRow {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  created_at: number;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
  password_changed_at: number;
}

export interface MembershipRow {
  org_id: string;
  user_id: string;
  role: string;
  status: string;
  created_at: number;
}

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  org_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface AuditRow {
  id: string;
  org_id: string;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  changes: string;
  ip: string | null;
  request_id: string | null;
}

export interface BuyerRow {
  id: string;
  org_id: string;
  nickname: string | null;
  /** AES-256-GCM envelope `keyId.iv.tag.ciphertext` (base64url parts) */
  phone_enc: string | null;
  /** HMAC-SHA256 of the normalised phone under the lookup key: exact match without decrypting */
  phone_hash: string | null;
  created_at: number;
}

export interface OutboxRow {
  seq: Generated<number>;
  id: string;
  org_id: string | null;
  topic: string;
  type: string;
  payload: string;
  created_at: number;
  published_at: number | null;
}

export interface ProcessedEventRow {
  consumer: string;
  event_id: string;
  processed_at: number;
}

/** A named lease held by one process at a time (the outbox relay, timers), renewed while alive. */
export interface LeaseRow {
  name: string;
  holder: string;
  expires_at: number;
}

// ---- commerce (migration 0002; column meanings are documented there)

export interface CategoryRow {
  id: string;
  org_id: string;
  parent_id: string | null;
  name: string;
  sort: number;
  created_at: number;
}

export interface BrandRow {
  id: string;
  org_id: string;
  name: string;
  logo_key: string | null;
  created_at: number;
}

export interface ProductRow {
  id: string;
  org_id: string;
  title: string;
  description: string;
  category_id: string | null;
  brand_id: string | null;
  status: string;
  list_at: number | null;
  delist_at: number | null;
  spec_attributes: string;
  images: string;
  created_at: number;
  updated_at: number;
}

export interface SkuRow {
  id: string;
  org_id: string;
  product_id: string;
  sku_code: string;
  title: string;
  spec_values: string;
  price_fen: number;
  cost_fen: number | null;
  barcode: string | null;
  weight_grams: number | null;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface WarehouseRow {
  id: string;
  org_id: string;
  code: string;
  name: string;
  address: string;
  priority: number;
  created_at: number;
}

export interface StockLevelRow {
  sku_id: string;
  warehouse_id: string;
  org_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number | null;
  bin: string | null;
  updated_at: number;
}

export interface StockLedgerRow {
  seq: Generated<number>;
  org_id: string;
  sku_id: string;
  warehouse_id: string;
  kind: string;
  on_hand_delta: number;
  reserved_delta: number;
  reason: string | null;
  ref_type: string | null;
  ref_id: string | null;
  actor_id: string | null;
  at: number;
}

export interface CampaignStockRow {
  id: string;
  org_id: string;
  campaign_type: string;
  campaign_id: string;
  sku_id: string;
  warehouse_id: string;
  quantity: number;
  used: number;
  status: string;
  created_at: number;
  returned_at: number | null;
}

export interface ReservationRow {
  id: string;
  org_id: string;
  order_id: string | null;
  sku_id: string;
  warehouse_id: string;
  campaign_stock_id: string | null;
  quantity: number;
  status: string;
  expires_at: number;
  created_at: number;
  settled_at: number | null;
}

export interface OrderRow {
  id: string;
  org_id: string;
  order_no: string;
  buyer_id: string;
  channel: string;
  live_session_id: string | null;
  external_platform: string | null;
  external_order_id: string | null;
  status: string;
  payment_status: string;
  fulfillment_status: string;
  items_fen: number;
  discount_fen: number;
  shipping_fen: number;
  total_fen: number;
  paid_fen: number;
  refunded_fen: number;
  coupon_code: string | null;
  recipient_name_enc: string;
  recipient_phone_enc: string;
  address_detail_enc: string;
  province: string;
  city: string;
  district: string;
  buyer_note: string | null;
  expires_at: number | null;
  paid_at: number | null;
  cancelled_at: number | null;
  cancel_reason: string | null;
  completed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  org_id: string;
  product_id: string;
  sku_id: string;
  warehouse_id: string;
  product_title: string;
  sku_title: string;
  sku_code: string;
  unit_price_fen: number;
  quantity: number;
  line_total_fen: number;
  shipped_quantity: number;
  refunded_quantity: number;
  returned_quantity: number;
}

export interface OrderEventRow {
  seq: Generated<number>;
  order_id: string;
  org_id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  detail: string;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  at: number;
}

export interface IdempotencyKeyRow {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: number;
  expires_at: number;
}

export interface PaymentRow {
  id: string;
  org_id: string;
  order_id: string;
  provider: string;
  amount_fen: number;
  status: string;
  provider_payment_id: string | null;
  failure_reason: string | null;
  refunded_fen: number;
  created_at: number;
  updated_at: number;
}

export interface PaymentEventRow {
  provider: string;
  provider_event_id: string;
  payment_id: string | null;
  type: string;
  payload: string;
  received_at: number;
}

export interface RefundRow {
  id: string;
  org_id: string;
  payment_id: string;
  order_id: string;
  aftersales_id: string | null;
  amount_fen: number;
  status: string;
  provider_refund_id: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface PickWaveRow {
  id: string;
  org_id: string;
  wave_no: string;
  warehouse_id: string;
  status: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WaveOrderRow {
  wave_id: string;
  order_id: string;
}

export interface ShipmentRow {
  id: string;
  org_id: string;
  order_id: string;
  warehouse_id: string;
  wave_id: string | null;
  carrier: string;
  tracking_no: string;
  status: string;
  shipped_at: number;
  delivered_at: number | null;
}

export interface ShipmentLineRow {
  shipment_id: string;
  order_line_id: string;
  quantity: number;
}

export interface AftersalesRow {
  id: string;
  org_id: string;
  case_no: string;
  order_id: string;
  buyer_id: string;
  type: string;
  status: string;
  reason: string;
  description: string | null;
  evidence: string;
  refund_fen: number;
  return_carrier: string | null;
  return_tracking_no: string | null;
  disposition: string | null;
  reject_reason: string | null;
  sla_due_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AftersalesLineRow {
  aftersales_id: string;
  order_line_id: string;
  quantity: number;
}

export interface CommerceSettingsRow {
  org_id: string;
  unpaid_timeout_ms: number;
  aftersales_auto_approve_ms: number | null;
  updated_at: number;
}
