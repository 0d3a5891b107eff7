import type { ChatMessage, RoomErrorCode } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import type { Hot } from '../../infra/hot/port.js';
import type { ChatListener, ChatPolicy, RoomViewer } from '../room/ports.js';
import { logRow, type LogEntry } from './log.js';
import { moderationRepo, type ViewerKey } from './repo.js';
import type { RoomSettings } from './rooms.js';
import type { SensitiveWords } from './words.js';

/**
 * Per viewer and show: at most `burst` messages in any one-second window and `sustained` in ten
 * seconds — one a second with bursts of three. Counted in Hot, so the limit holds across gateway nodes.
 */
export const CHAT_RATE_LIMIT = { burst: 3, burstWindowMs: 1000, sustained: 10, sustainedWindowMs: 10_000 };

/** How long a delivered message can still be reported (kept in Hot; at 200 messages/s that is 60,000 keys). */
export const REPORTABLE_FOR_MS = 5 * 60 * 1000;

type ChatVerdict = { ok: true; text: string } | { ok: false; code: RoomErrorCode; message: string };

const refuse = (code: RoomErrorCode, message: string): ChatVerdict => ({ ok: false, code, message });

const viewerKey = (v: RoomViewer): ViewerKey => ({ orgId: v.orgId, liveSessionId: v.liveSessionId, buyerId: v.buyerId, anonymousId: v.anonymousId });

const messageKey = (liveSessionId: string, messageId: string) => `moderation:message:${liveSessionId}:${messageId}`;

export interface RememberedMessage {
  identity: string;
  nickname: string;
  text: string;
  at: number;
}

/**
 * The room gateway's chat policy: who may enter a show and what of a comment reaches the room. Staff
 * are exempt from all of it (the shop speaking in its own room). It is also a chat listener, to remember
 * delivered messages for viewers' reports.
 */
export class Moderation implements ChatPolicy, ChatListener {
  constructor(
    private readonly db: Db,
    private readonly hot: Hot,
    private readonly words: SensitiveWords,
    private readonly rooms: RoomSettings,
    private readonly clock: Clock,
  ) {}

  async admitViewer(viewer: RoomViewer): Promise<{ ok: true; muted: boolean; slowModeSeconds: number } | { ok: false; code: 'banned'; message: string }> {
    const { slowModeSeconds } = await this.rooms.get(viewer.liveSessionId);
    if (viewer.role === 'staff') return { ok: true, muted: false, slowModeSeconds };
    if (viewer.buyerId) await this.linkDevice(viewer.orgId, viewer.anonymousId, viewer.buyerId);
    const state = await this.restrictionOf(viewer);
    if (state.banned) return { ok: false, code: 'banned', message: 'You are banned from this room' };
    if (state.kickedUntil !== null) {
      return { ok: false, code: 'banned', message: `You were removed from this room; you may come back after ${new Date(state.kickedUntil).toISOString()}` };
    }
    return { ok: true, muted: state.muted, slowModeSeconds };
  }

  async admitChat(viewer: RoomViewer, text: string): Promise<ChatVerdict> {
    if (viewer.role === 'staff') return { ok: true, text };
    if (!(await this.withinRate(viewer))) return refuse('rate_limited', 'You are sending messages too fast');

    const state = await this.restrictionOf(viewer);
    if (state.banned || state.kickedUntil !== null) return refuse('banned', 'You may not chat in this room');
    if (state.muted) return refuse('muted', 'You are muted in this room');

    const { slowModeSeconds } = await this.rooms.get(viewer.liveSessionId);
    if (slowModeSeconds > 0) {
      const key = `moderation:slow:${viewer.liveSessionId}:${viewer.identity}`;
      if (!(await this.hot.set(key, '1', { ttlMs: slowModeSeconds * 1000, onlyIfAbsent: true }))) {
        const waitMs = (await this.hot.ttlMs(key)) ?? slowModeSeconds * 1000;
        return refuse('slow_mode', `Slow mode is on: wait ${Math.ceil(waitMs / 1000)} s before your next message`);
      }
    }

    const verdict = (await this.words.filterFor(viewer.orgId)).scan(text);
    if (verdict.action === null) return { ok: true, text };
    const words = [...new Set(verdict.hits.map((h) => h.word))];
    const entry = { orgId: viewer.orgId, liveSessionId: viewer.liveSessionId, by: 'system', target: viewer.identity } as const;
    switch (verdict.action) {
      case 'mask':
        await this.log({ ...entry, action: 'word.masked', detail: { words, text } });
        return { ok: true, text: verdict.masked };
      case 'block':
        await this.log({ ...entry, action: 'word.blocked', detail: { words, text } });
        return refuse('blocked_word', 'Your message contains a word this room does not allow');
      case 'review': {
        const at = this.clock.now();
        // The id the message gets in the room if it is approved.
        const messageId = newId();
        await this.db.kysely.transaction().execute(async (tx) => {
          await moderationRepo.insertQueued(tx, {
            id: messageId, org_id: viewer.orgId, live_session_id: viewer.liveSessionId, source: 'word', identity: viewer.identity,
            nickname: viewer.nickname, text, deliver_text: verdict.masked, words: JSON.stringify(words), reports: 0,
            status: 'pending', created_at: at, decided_at: null, decided_by: null,
          });
          await moderationRepo.log(tx, logRow({ ...entry, action: 'word.held', messageId, detail: { words, text } }, at));
        });
        return refuse('held', 'Your message will show once a moderator approves it');
      }
    }
  }

  /** Remembers what was delivered, so a viewer's report can name the message by id only. */
  async onChat(viewer: RoomViewer, message: ChatMessage): Promise<void> {
    if (message.bot) return;
    const remembered: RememberedMessage = { identity: message.user.id, nickname: message.user.nickname, text: message.text, at: message.at };
    await this.hot.set(messageKey(viewer.liveSessionId, message.id), JSON.stringify(remembered), { ttlMs: REPORTABLE_FOR_MS });
  }

  /** A buyer reports a message they saw: it joins the review queue (once per reporter), where staff keep or delete it. */
  async report(reporter: Actor, liveSessionId: string, messageId: string, reason: string | undefined): Promise<void> {
    if ((await moderationRepo.sessionOrg(this.db.kysely, liveSessionId)) !== reporter.orgId) throw notFound('Live session', liveSessionId);
    const message = await this.delivered(liveSessionId, messageId);
    if (!message) throw notFound('Chat message', messageId);
    if (message.identity === reporter.id) throw forbidden('You cannot report your own message');
    const first = await this.hot.set(`moderation:reported:${messageId}:${reporter.id}`, '1', { ttlMs: REPORTABLE_FOR_MS * 2, onlyIfAbsent: true });
    if (!first) return;
    const at = this.clock.now();
    await this.db.kysely.transaction().execute(async (tx) => {
      await moderationRepo.addReport(tx, {
        id: messageId, org_id: reporter.orgId, live_session_id: liveSessionId, source: 'report', identity: message.identity,
        nickname: message.nickname, text: message.text, deliver_text: message.text, words: '[]', reports: 1,
        status: 'pending', created_at: at, decided_at: null, decided_by: null,
      });
      await moderationRepo.log(tx, logRow({ orgId: reporter.orgId, liveSessionId, action: 'message.reported', by: reporter, target: message.identity, messageId, reason: reason ?? null, detail: { text: message.text } }, at));
    });
  }

  /** A message delivered in the last REPORTABLE_FOR_MS, as the room saw it. */
  async delivered(liveSessionId: string, messageId: string): Promise<RememberedMessage | null> {
    const raw = await this.hot.get(messageKey(liveSessionId, messageId));
    return raw === null ? null : (JSON.parse(raw) as RememberedMessage);
  }

  /** The pinned announcement, for the room snapshot. */
  async announcement(liveSessionId: string): Promise<string | null> {
    return (await this.rooms.get(liveSessionId)).announcement;
  }

  private async withinRate(viewer: RoomViewer): Promise<boolean> {
    const key = `moderation:rate:${viewer.liveSessionId}:${viewer.identity}`;
    const burst = await this.hot.hit(`${key}:1s`, CHAT_RATE_LIMIT.burstWindowMs);
    if (burst.count > CHAT_RATE_LIMIT.burst) return false;
    const sustained = await this.hot.hit(`${key}:10s`, CHAT_RATE_LIMIT.sustainedWindowMs);
    return sustained.count <= CHAT_RATE_LIMIT.sustained;
  }

  private async restrictionOf(viewer: RoomViewer): Promise<{ banned: boolean; kickedUntil: number | null; muted: boolean }> {
    const rows = await moderationRepo.activeFor(this.db.kysely, viewerKey(viewer), this.clock.now());
    const kicks = rows.filter((r) => r.kind === 'kick').map((r) => r.until ?? Number.MAX_SAFE_INTEGER);
    return {
      banned: rows.some((r) => r.kind === 'ban'),
      kickedUntil: kicks.length > 0 ? Math.max(...kicks) : null,
      muted: rows.some((r) => r.kind === 'mute'),
    };
  }

  /** Records that this device signed in as this buyer; Hot remembers recent links so a join costs no write. */
  private async linkDevice(orgId: string, anonymousId: string, buyerId: string): Promise<void> {
    const fresh = await this.hot.set(`moderation:device:${orgId}:${anonymousId}:${buyerId}`, '1', { ttlMs: 24 * 60 * 60 * 1000, onlyIfAbsent: true });
    if (!fresh) return;
    await moderationRepo.linkDevice(this.db.kysely, { org_id: orgId, anonymous_id: anonymousId, buyer_id: buyerId, first_seen_at: this.clock.now() }).catch(async (err: unknown) => {
      await this.hot.del(`moderation:device:${orgId}:${anonymousId}:${buyerId}`);
      throw err;
    });
  }

  private async log(entry: LogEntry): Promise<void> {
    await moderationRepo.log(this.db.kysely, logRow(entry, this.clock.now()));
  }
}
