import type {
  BanBody,
  DeleteMessageBody,
  KickBody,
  LiftBody,
  LiftResult,
  ModerationLogPage,
  ModerationLogQuery,
  MuteBody,
  QueueItemView,
  QueueQuery,
  RestrictionKind,
  RestrictionScope,
  RestrictionView,
  RoomModerationView,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import type { ModerationQueueRow, ModerationRestrictionRow } from '../../infra/db/tables/moderation.js';
import type { AuditService } from '../audit/service.js';
import type { RoomBroadcaster } from '../room/broadcast.js';
import { logRow, logView } from './log.js';
import { moderationRepo, type Subject } from './repo.js';
import type { RoomSettings } from './rooms.js';
import type { Moderation } from './service.js';

export const identityOf = (s: Subject) => (s.type === 'buyer' ? s.id : `anon:${s.id}`);

const restrictionView = (row: ModerationRestrictionRow): RestrictionView => ({
  id: row.id,
  kind: row.kind as RestrictionKind,
  scope: row.scope as RestrictionScope,
  liveSessionId: row.live_session_id,
  identity: identityOf({ type: row.subject_type as Subject['type'], id: row.subject_id }),
  until: row.until,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

const queueView = (row: ModerationQueueRow): QueueItemView => ({
  messageId: row.id,
  source: row.source as QueueItemView['source'],
  identity: row.identity,
  nickname: row.nickname,
  text: row.text,
  words: JSON.parse(row.words) as string[],
  reports: row.reports,
  status: row.status as QueueItemView['status'],
  createdAt: row.created_at,
  decidedAt: row.decided_at,
  decidedBy: row.decided_by,
});

const logged = { mute: 'viewer.muted', ban: 'viewer.banned', kick: 'viewer.kicked' } as const satisfies Record<RestrictionKind, string>;

/**
 * Staff moderation of one show: mute, ban, kick, delete, the pinned announcement, slow mode, the review
 * queue and the moderation log. Every change is audited and logged in one transaction; what viewers
 * must see is broadcast after the commit.
 */
export class RoomModeration {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly broadcaster: RoomBroadcaster,
    private readonly rooms: RoomSettings,
    private readonly moderation: Moderation,
    private readonly clock: Clock,
  ) {}

  async settings(actor: Actor, liveSessionId: string): Promise<RoomModerationView> {
    await this.ensureSession(actor, liveSessionId);
    return { liveSessionId, ...(await this.rooms.get(liveSessionId)) };
  }

  /** The mutes, bans and kicks in force in the show, its own and the shop-wide ones. */
  async restrictions(actor: Actor, liveSessionId: string): Promise<RestrictionView[]> {
    await this.ensureSession(actor, liveSessionId);
    return (await moderationRepo.activeInSession(this.db.kysely, actor.orgId, liveSessionId, this.clock.now())).map(restrictionView);
  }

  async mute(actor: Actor, liveSessionId: string, body: MuteBody): Promise<RestrictionView> {
    const { row } = await this.restrict(actor, liveSessionId, 'mute', body);
    await this.broadcaster.toViewer(liveSessionId, body.identity, { t: 'muted', until: row.until });
    return restrictionView(row);
  }

  async unmute(actor: Actor, liveSessionId: string, body: LiftBody): Promise<LiftResult> {
    const lifted = await this.lift(actor, liveSessionId, 'mute', body.identity);
    if (lifted > 0) await this.broadcaster.toViewer(liveSessionId, body.identity, { t: 'unmuted' });
    return { lifted };
  }

  /** Bans the viewer and closes their connections: their own and those of every device or buyer linked to them. */
  async ban(actor: Actor, liveSessionId: string, body: BanBody): Promise<RestrictionView> {
    const { row, subject } = await this.restrict(actor, liveSessionId, 'ban', body);
    await this.kickOut(actor.orgId, liveSessionId, subject, body.reason ?? 'banned');
    return restrictionView(row);
  }

  async unban(actor: Actor, liveSessionId: string, body: LiftBody): Promise<LiftResult> {
    return { lifted: await this.lift(actor, liveSessionId, 'ban', body.identity) };
  }

  /** Removes the viewer from the show; they cannot come back for `minutes`. */
  async kick(actor: Actor, liveSessionId: string, body: KickBody): Promise<RestrictionView> {
    const { row, subject } = await this.restrict(actor, liveSessionId, 'kick', { ...body, scope: 'session' });
    await this.kickOut(actor.orgId, liveSessionId, subject, body.reason ?? 'kicked');
    return restrictionView(row);
  }

  async deleteMessage(actor: Actor, liveSessionId: string, body: DeleteMessageBody): Promise<void> {
    await this.ensureSession(actor, liveSessionId);
    const message = await this.moderation.delivered(liveSessionId, body.messageId);
    const now = this.clock.now();
    await this.audit.transaction(actor, async (tx, record) => {
      // A reported message deleted from the chat is what rejecting the report means.
      await moderationRepo.decide(tx, liveSessionId, body.messageId, 'rejected', now, actor.id);
      await moderationRepo.log(tx, logRow({
        orgId: actor.orgId, liveSessionId, action: 'message.deleted', by: actor, target: message?.identity ?? null,
        messageId: body.messageId, reason: body.reason ?? null, detail: message ? { text: message.text } : {},
      }, now));
      await record({ action: 'moderation.message.delete', targetType: 'chat_message', targetId: body.messageId, changes: [{ field: 'liveSessionId', from: liveSessionId, to: null }] });
    });
    await this.broadcaster.toRoom(liveSessionId, { t: 'chat.deleted', id: body.messageId });
  }

  /** Pins (or with null clears) the show's announcement (置顶公告). Also called for the console's `announce` frame. */
  async setAnnouncement(actor: Actor, liveSessionId: string, text: string | null): Promise<RoomModerationView> {
    await this.ensureSession(actor, liveSessionId);
    const now = this.clock.now();
    await this.audit.transaction(actor, async (tx, record) => {
      const before = (await moderationRepo.room(tx, liveSessionId))?.announcement ?? null;
      await moderationRepo.saveRoom(tx, { live_session_id: liveSessionId, org_id: actor.orgId, announcement: text, updated_at: now });
      await moderationRepo.log(tx, logRow({ orgId: actor.orgId, liveSessionId, action: text === null ? 'announcement.cleared' : 'announcement.set', by: actor, detail: { text } }, now));
      await record({ action: 'moderation.announcement', targetType: 'live_session', targetId: liveSessionId, changes: [{ field: 'announcement', from: before, to: text }] });
    });
    await this.rooms.changed(liveSessionId);
    await this.broadcaster.toRoom(liveSessionId, { t: 'announcement', text });
    return { liveSessionId, ...(await this.rooms.get(liveSessionId)) };
  }

  async setSlowMode(actor: Actor, liveSessionId: string, seconds: number): Promise<RoomModerationView> {
    await this.ensureSession(actor, liveSessionId);
    const now = this.clock.now();
    await this.audit.transaction(actor, async (tx, record) => {
      const before = (await moderationRepo.room(tx, liveSessionId))?.slow_mode_seconds ?? 0;
      await moderationRepo.saveRoom(tx, { live_session_id: liveSessionId, org_id: actor.orgId, slow_mode_seconds: seconds, updated_at: now });
      await moderationRepo.log(tx, logRow({ orgId: actor.orgId, liveSessionId, action: 'slow_mode.set', by: actor, detail: { seconds } }, now));
      await record({ action: 'moderation.slow_mode', targetType: 'live_session', targetId: liveSessionId, changes: [{ field: 'slowModeSeconds', from: before, to: seconds }] });
    });
    await this.rooms.changed(liveSessionId);
    await this.broadcaster.toRoom(liveSessionId, { t: 'slowmode', seconds });
    return { liveSessionId, ...(await this.rooms.get(liveSessionId)) };
  }

  async queue(actor: Actor, liveSessionId: string, q: QueueQuery): Promise<QueueItemView[]> {
    await this.ensureSession(actor, liveSessionId);
    return (await moderationRepo.queue(this.db.kysely, liveSessionId, q.status, q.limit)).map(queueView);
  }

  /** A held message goes to the room; a reported one stays. */
  async approve(actor: Actor, liveSessionId: string, messageId: string): Promise<QueueItemView> {
    const item = await this.decide(actor, liveSessionId, messageId, 'approved');
    if (item.source === 'word') {
      await this.broadcaster.toRoom(liveSessionId, {
        t: 'chat',
        message: { id: item.id, user: { id: item.identity, nickname: item.nickname, tags: [] }, text: item.deliver_text, at: item.created_at },
      });
    }
    return queueView(item);
  }

  /** A held message is dropped unseen; a reported one is deleted from the chat. */
  async reject(actor: Actor, liveSessionId: string, messageId: string): Promise<QueueItemView> {
    const item = await this.decide(actor, liveSessionId, messageId, 'rejected');
    if (item.source === 'report') await this.broadcaster.toRoom(liveSessionId, { t: 'chat.deleted', id: item.id });
    return queueView(item);
  }

  async log(actor: Actor, liveSessionId: string, q: ModerationLogQuery): Promise<ModerationLogPage> {
    await this.ensureSession(actor, liveSessionId);
    const beforeId = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const rows = await moderationRepo.logPage(this.db.kysely, liveSessionId, q, beforeId);
    const items = rows.slice(0, q.limit).map(logView);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? Buffer.from(last.id).toString('base64url') : null };
  }

  private async decide(actor: Actor, liveSessionId: string, messageId: string, status: 'approved' | 'rejected'): Promise<ModerationQueueRow> {
    await this.ensureSession(actor, liveSessionId);
    const now = this.clock.now();
    return this.audit.transaction(actor, async (tx, record) => {
      const item = await moderationRepo.queued(tx, liveSessionId, messageId);
      if (!item) throw notFound('Queued message', messageId);
      if (!(await moderationRepo.decide(tx, liveSessionId, messageId, status, now, actor.id))) throw conflict(`The message was already ${item.status}`, { status: item.status });
      await moderationRepo.log(tx, logRow({
        orgId: actor.orgId, liveSessionId, action: status === 'approved' ? 'message.approved' : 'message.rejected', by: actor,
        target: item.identity, messageId, detail: { source: item.source, text: item.text },
      }, now));
      await record({ action: `moderation.queue.${status === 'approved' ? 'approve' : 'reject'}`, targetType: 'chat_message', targetId: messageId, changes: [{ field: 'status', from: 'pending', to: status }] });
      return { ...item, status, decided_at: now, decided_by: actor.id };
    });
  }

  private async restrict(
    actor: Actor,
    liveSessionId: string,
    kind: RestrictionKind,
    body: { identity: string; minutes?: number; scope: RestrictionScope; reason?: string },
  ): Promise<{ row: ModerationRestrictionRow; subject: Subject }> {
    await this.ensureSession(actor, liveSessionId);
    const subject = await this.subjectOf(actor, body.identity);
    const now = this.clock.now();
    const row: ModerationRestrictionRow = {
      id: newId(), org_id: actor.orgId, kind, scope: body.scope, live_session_id: body.scope === 'session' ? liveSessionId : null,
      subject_type: subject.type, subject_id: subject.id, until: body.minutes === undefined ? null : now + body.minutes * 60_000,
      reason: body.reason ?? null, created_by: actor.id, created_at: now, lifted_at: null, lifted_by: null,
    };
    await this.audit.transaction(actor, async (tx, record) => {
      await moderationRepo.insertRestriction(tx, row);
      await moderationRepo.log(tx, logRow({
        orgId: actor.orgId, liveSessionId, action: logged[kind], by: actor, target: body.identity, reason: row.reason,
        detail: { restrictionId: row.id, scope: row.scope, until: row.until, minutes: body.minutes ?? null },
      }, now));
      await record({ action: `moderation.${kind}`, targetType: 'room_viewer', targetId: body.identity, changes: [{ field: kind, from: null, to: { scope: row.scope, liveSessionId, until: row.until } }] });
    });
    return { row, subject };
  }

  private async lift(actor: Actor, liveSessionId: string, kind: 'mute' | 'ban', identity: string): Promise<number> {
    await this.ensureSession(actor, liveSessionId);
    const subject = await this.subjectOf(actor, identity);
    const now = this.clock.now();
    return this.audit.transaction(actor, async (tx, record) => {
      const lifted = await moderationRepo.lift(tx, { orgId: actor.orgId, liveSessionId, subject, kinds: [kind], now, by: actor.id });
      if (lifted === 0) return 0;
      await moderationRepo.log(tx, logRow({ orgId: actor.orgId, liveSessionId, action: kind === 'mute' ? 'viewer.unmuted' : 'viewer.unbanned', by: actor, target: identity, detail: { lifted } }, now));
      await record({ action: `moderation.un${kind}`, targetType: 'room_viewer', targetId: identity, changes: [{ field: kind, from: lifted, to: null }] });
      return lifted;
    });
  }

  /** `kicked` to every identity the subject may be connected as; the gateway closes those sockets. */
  private async kickOut(orgId: string, liveSessionId: string, subject: Subject, reason: string): Promise<void> {
    const identities = [subject, ...(await moderationRepo.linked(this.db.kysely, orgId, subject))].map(identityOf);
    for (const identity of identities) await this.broadcaster.toViewer(liveSessionId, identity, { t: 'kicked', reason });
  }

  private async subjectOf(actor: Actor, identity: string): Promise<Subject> {
    if (identity.startsWith('anon:')) {
      const id = identity.slice('anon:'.length);
      if (id.length < 8 || id.length > 64) throw validationError('Not a viewer identity', { identity });
      return { type: 'anonymous', id };
    }
    if (identity.startsWith('staff:')) throw validationError('Staff cannot be muted, banned or kicked', { identity });
    if (!(await moderationRepo.buyerExists(this.db.kysely, actor.orgId, identity))) throw notFound('Buyer', identity);
    return { type: 'buyer', id: identity };
  }

  private async ensureSession(actor: Actor, liveSessionId: string): Promise<void> {
    if ((await moderationRepo.sessionOrg(this.db.kysely, liveSessionId)) !== actor.orgId) throw notFound('Live session', liveSessionId);
  }
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw validationError('cursor is not one this API returned');
  return id;
}
