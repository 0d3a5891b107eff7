/** Tables of alert rules, channels and history (migration 0009; column meanings are documented there). */
export interface AlertTables {
  alert_rules: AlertRuleRow;
  alert_channels: AlertChannelRow;
  alert_evaluations: AlertEvaluationRow;
  alerts: AlertRow;
}

export interface AlertRuleRow {
  id: string;
  org_id: string;
  name: string;
  enabled: number;
  live_session_id: string | null;
  metric: string;
  condition: string;
  cooldown_minutes: number;
  channel_ids: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertChannelRow {
  id: string;
  org_id: string;
  name: string;
  kind: string;
  enabled: number;
  url_enc: string;
  url_hint: string;
  secret_enc: string | null;
  secret_hint: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertEvaluationRow {
  rule_id: string;
  live_session_id: string;
  minute: number;
  evaluated_at: number;
}

export interface AlertRow {
  id: string;
  org_id: string;
  rule_id: string;
  rule_name: string;
  live_session_id: string;
  live_session_title: string;
  metric: string;
  minute: number;
  detail: string;
  message: string;
  fired_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  deliveries: string;
}
