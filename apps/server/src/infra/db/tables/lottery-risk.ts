/** Tables of lotteries and risk rules (migration 0007; column meanings are documented there). */
export interface LotteryRiskTables {
  lotteries: LotteryRow;
  lottery_entries: LotteryEntryRow;
  lottery_winners: LotteryWinnerRow;
  risk_rules: RiskRulesRow;
  risk_order_marks: RiskOrderMarkRow;
  risk_payment_failures: RiskPaymentFailureRow;
  risk_decisions: RiskDecisionRow;
}

export interface LotteryRow {
  id: string;
  org_id: string;
  live_session_id: string;
  prize_title: string;
  prize_sku_id: string | null;
  winner_count: number;
  rule_kind: string;
  rule_keyword: string | null;
  status: string;
  draw_at: number | null;
  duration_ms: number | null;
  seed_enc: string | null;
  seed_hash: string | null;
  seed: string | null;
  created_by: string | null;
  created_at: number;
  opened_at: number | null;
  drawn_at: number | null;
  cancelled_at: number | null;
}

export interface LotteryEntryRow {
  lottery_id: string;
  identity: string;
  buyer_id: string;
  nickname: string;
  source: string;
  entered_at: number;
  counted: number;
}

export interface LotteryWinnerRow {
  lottery_id: string;
  buyer_id: string;
  rank: number;
  nickname: string;
  order_id: string | null;
  claimed_at: number | null;
}

export interface RiskRulesRow {
  org_id: string;
  rules: string;
  updated_by: string | null;
  updated_at: number;
}

export interface RiskOrderMarkRow {
  order_id: string;
  org_id: string;
  buyer_id: string;
  device_id: string | null;
  phone_hash: string;
  address_hash: string;
  flash_sale: number;
  created_at: number;
}

export interface RiskPaymentFailureRow {
  payment_id: string;
  org_id: string;
  buyer_id: string;
  order_id: string;
  at: number;
}

export interface RiskDecisionRow {
  id: string;
  org_id: string;
  rule: string;
  action: string;
  buyer_id: string;
  order_id: string | null;
  detail: string;
  blocked_until: number | null;
  created_at: number;
}
