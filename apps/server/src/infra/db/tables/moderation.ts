/** Tables of live-room moderation and the danmaku bot (migration 0005; column meanings are documented there). */
export interface ModerationTables {
  moderation_word_lists: ModerationWordListRow;
  moderation_words: ModerationWordRow;
  moderation_devices: ModerationDeviceRow;
  moderation_restrictions: ModerationRestrictionRow;
  moderation_rooms: ModerationRoomRow;
  moderation_queue: ModerationQueueRow;
  moderation_log: ModerationLogRow;
  bot_replies: BotReplyRow;
}

export interface ModerationWordListRow {
  org_id: string;
  seeded_at: number;
}

export interface ModerationWordRow {
  id: string;
  org_id: string;
  word: string;
  normalized: string;
  action: string;
  created_by: string | null;
  created_at: number;
}

export interface ModerationDeviceRow {
  org_id: string;
  anonymous_id: string;
  buyer_id: string;
  first_seen_at: number;
}

export interface ModerationRestrictionRow {
  id: string;
  org_id: string;
  kind: string;
  scope: string;
  live_session_id: string | null;
  subject_type: string;
  subject_id: string;
  until: number | null;
  reason: string | null;
  created_by: string | null;
  created_at: number;
  lifted_at: number | null;
  lifted_by: string | null;
}

export interface ModerationRoomRow {
  live_session_id: string;
  org_id: string;
  announcement: string | null;
  slow_mode_seconds: number;
  updated_at: number;
}

export interface ModerationQueueRow {
  id: string;
  org_id: string;
  live_session_id: string;
  source: string;
  identity: string;
  nickname: string;
  text: string;
  deliver_text: string;
  words: string;
  reports: number;
  status: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

export interface ModerationLogRow {
  id: string;
  org_id: string;
  live_session_id: string | null;
  at: number;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  target: string | null;
  message_id: string | null;
  reason: string | null;
  detail: string;
}

export interface BotReplyRow {
  id: string;
  org_id: string;
  live_session_id: string;
  keywords: string;
  reply: string;
  position: number;
  created_at: number;
  updated_at: number;
}
