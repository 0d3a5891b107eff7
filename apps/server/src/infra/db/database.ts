import type { Generated } from 'kysely';

/**
 * Every table of the system of record, as Kysely sees it. Columns use the same types on SQLite and
 * PostgreSQL: text, integer (bigint on PostgreSQL, parsed back to number), and JSON kept as text.
 * Booleans are integers 0/1 because SQLite has no boolean type.
 */
export interface Database {
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
