import type { BuyerTag, ChatMessage, ClientFrame, FlashSaleState, IngestResult, LotteryState, RoomErrorCode } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import type { IngestSource } from '../events/service.js';

// What the room gateway needs from other features. Each is implemented by the feature that owns the
// data (live sessions, moderation, lotteries, flash sales, comment-to-buy) and wired in app.ts, so the
// gateway knows nothing of their tables.

/** One connection's viewer, as every collaborator sees it. */
export interface RoomViewer {
  liveSessionId: string;
  orgId: string;
  /** buyer id, `anon:<anonymousId>` or `staff:<userId>`: the key of presence, personal frames and bans */
  identity: string;
  buyerId: string | null;
  anonymousId: string;
  nickname: string;
  role: 'viewer' | 'buyer' | 'staff';
  /** the staff member's or the buyer's Actor; null for an anonymous viewer */
  actor: Actor | null;
}

export type ControlFrame = Extract<ClientFrame, { t: 'pin' | 'unpin' | 'flash.start' | 'lottery.start' | 'announce' }>;

export interface RoomSessions {
  /** null when unknown */
  room(liveSessionId: string): Promise<{
    id: string;
    orgId: string;
    status: 'scheduled' | 'live' | 'ended';
    pinnedProductIds: string[];
    announcement: string | null;
  } | null>;
}

export interface ChatPolicy {
  /** at join: banned viewers are refused (close 4403 + error frame 'banned') */
  admitViewer(viewer: RoomViewer): Promise<{ ok: true; muted: boolean; slowModeSeconds: number } | { ok: false; code: 'banned'; message: string }>;
  /** each chat: pass (text possibly masked) or refuse with a room error code (muted, blocked_word, slow_mode, rate_limited) */
  admitChat(viewer: RoomViewer, text: string): Promise<{ ok: true; text: string } | { ok: false; code: RoomErrorCode; message: string }>;
}

export interface ChatListener {
  /** after a chat was broadcast: bot replies, comment-to-buy, lottery keyword entry */
  onChat(viewer: RoomViewer, message: ChatMessage): Promise<void>;
}

export interface RoomControl {
  /** staff control frames (pin, unpin, flash.start, lottery.start, announce); throws AppError on refusal */
  handle(viewer: RoomViewer, frame: ControlFrame): Promise<void>;
}

export interface RoomExtras {
  /** snapshot parts owned by other features */
  flashSales(liveSessionId: string): Promise<FlashSaleState[]>;
  lotteries(liveSessionId: string): Promise<LotteryState[]>;
  /** throws AppError on refusal (closed lottery, rule not met) */
  enterLottery(viewer: RoomViewer, lotteryId: string): Promise<void>;
  /** what the console's comment stream shows beside a buyer: new / returning, big spender, flagged */
  buyerTags(orgId: string, buyerId: string): Promise<BuyerTag[]>;
}

/** Tracking events a viewer sends in `track` frames, checked and stored by the events feature. */
export interface RoomTracking {
  ingest(source: IngestSource, events: readonly unknown[]): Promise<IngestResult>;
}

/** Turns the token of a `join` frame into an Actor (http/auth.ts `resolveActor`); throws when it is not valid. */
export type ResolveActor = (token: string, ctx: { ip: string | null; requestId: string | null }) => Promise<Actor>;
