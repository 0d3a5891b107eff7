import type { ModerationAction, ModerationLogEntryView } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { newId } from '../../lib/ids.js';
import type { ModerationLogRow } from '../../infra/db/tables/moderation.js';

/** Who took a moderation decision: a person or key (an Actor), the word filter, or the bot. */
export type Decider = Actor | 'system' | 'bot';

export interface LogEntry {
  orgId: string;
  liveSessionId: string | null;
  action: ModerationAction;
  by: Decider;
  target?: string | null;
  messageId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export function logRow(entry: LogEntry, at: number): ModerationLogRow {
  const by = entry.by;
  const actor =
    by === 'system'
      ? { actor_type: 'system', actor_id: null, actor_name: null }
      : by === 'bot'
        ? { actor_type: 'bot', actor_id: null, actor_name: null }
        : { actor_type: by.kind, actor_id: by.id, actor_name: by.name };
  return {
    id: newId(),
    org_id: entry.orgId,
    live_session_id: entry.liveSessionId,
    at,
    action: entry.action,
    ...actor,
    target: entry.target ?? null,
    message_id: entry.messageId ?? null,
    reason: entry.reason ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  };
}

export const logView = (row: ModerationLogRow): ModerationLogEntryView => ({
  id: row.id,
  at: row.at,
  action: row.action as ModerationAction,
  actorType: row.actor_type as ModerationLogEntryView['actorType'],
  actorId: row.actor_id,
  actorName: row.actor_name,
  target: row.target,
  messageId: row.message_id,
  reason: row.reason,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});
