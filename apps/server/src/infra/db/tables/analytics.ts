import type { Generated } from 'kysely';

/** Tables of tracking events and the aggregator's state (migration 0008; column meanings are documented there). */
export interface AnalyticsTables {
  tracked_event_ids: TrackedEventIdRow;
  tracked_event_log: TrackedEventLogRow;
  analytics_cursors: AnalyticsCursorRow;
  analytics_session_state: AnalyticsSessionStateRow;
  analytics_first_pay: AnalyticsFirstPayRow;
}

export interface TrackedEventIdRow {
  org_id: string;
  id: string;
  received_at: number;
}

export interface TrackedEventLogRow {
  seq: Generated<number>;
  org_id: string;
  received_at: number;
  event_count: number;
  events: string;
}

export interface AnalyticsCursorRow {
  consumer: string;
  positions: string;
  updated_at: number;
}

export interface AnalyticsSessionStateRow {
  live_session_id: string;
  org_id: string;
  state: string;
  updated_at: number;
}

export interface AnalyticsFirstPayRow {
  org_id: string;
  identity: string;
  paid_at: number;
  live_session_id: string | null;
}
