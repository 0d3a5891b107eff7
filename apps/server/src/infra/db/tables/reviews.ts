/** Tables of post-live reviews and anchor shifts (migration 0010; column meanings are documented there). */
export interface ReviewTables {
  review_revisions: ReviewRevisionRow;
  review_notes: ReviewNoteRow;
  review_shares: ReviewShareRow;
  anchor_shifts: AnchorShiftRow;
}

export interface ReviewRevisionRow {
  org_id: string;
  live_session_id: string;
  revision: number;
  as_of: number;
  gmv_fen: number;
  refund_fen: number;
  paid_orders: number;
  body: string;
}

export interface ReviewNoteRow {
  org_id: string;
  live_session_id: string;
  section: string;
  text: string;
  updated_by: string | null;
  updated_at: number;
}

export interface ReviewShareRow {
  token_hash: string;
  org_id: string;
  live_session_id: string;
  token_hint: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface AnchorShiftRow {
  id: string;
  org_id: string;
  live_session_id: string;
  anchor: string;
  user_id: string | null;
  start_at: number;
  end_at: number | null;
}
