import {
  ClientFrame,
  type BuyerTag,
  type ChatMessage,
  type ErrorCode,
  type Permission,
  type RoomErrorCode,
  type RoomUser,
  type ServerFrame,
} from '@livedesk/contracts';
import type { RawData, WebSocket } from 'ws';
import { can, type Actor } from '../../lib/actor.js';
import { AppError, forbidden, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import type { Fanout } from '../../infra/fanout/port.js';
import type { Hot } from '../../infra/hot/port.js';
import { Recipient, type BufferLimits } from './batch.js';
import { behaviourEvent, BehaviourBuffer } from './behaviour.js';
import { RoomBroadcaster, roomChannel, type RoomEnvelope } from './broadcast.js';
import { FloodGuard } from './flood.js';
import { LocalRoom, type RoomMember } from './local-room.js';
import { OnlineCounter } from './online.js';
import type { RoomPresence } from './presence.js';
import type { ChatListener, ChatPolicy, ControlFrame, ResolveActor, RoomControl, RoomExtras, RoomSessions, RoomTracking, RoomViewer } from './ports.js';
import { RoomService } from './service.js';

export interface RoomGatewayDeps {
  db: Db;
  hot: Hot;
  fanout: Fanout;
  clock: Clock;
  resolveActor: ResolveActor;
  sessions: RoomSessions;
  policy: ChatPolicy;
  /** told of every chat after it was broadcast, each on its own (one failing does not stop the others) */
  listeners: ChatListener[];
  control: RoomControl;
  extras: RoomExtras;
  /** ingests viewers' `track` frames */
  tracking: RoomTracking;
  /** who is in each room, across nodes; keyed by this gateway's `nodeId` */
  presence: RoomPresence;
  onError: (err: unknown, context: string) => void;
}

export interface RoomGatewayOptions {
  /** how often a room's queued frames go out, as one message per socket */
  flushMs: number;
  /** a connection must send `join` this soon, or it is closed with 4400 */
  joinTimeoutMs: number;
  /** silence (no frame, no pong) this long ends a connection; its leave is stamped at the last sign of life */
  heartbeatTimeoutMs: number;
  onlineEveryMs: number;
  /** how often waiting behaviour events are written to the outbox, in one transaction */
  eventsEveryMs: number;
  buffer: BufferLimits;
  /** flood control per connection: sustained frames per second, burst, refusals in a row before 4429 */
  framesPerSecond: number;
  frameBurst: number;
  maxStrikes: number;
  maxDanmakuPerFlush: number;
  /** identifies this process's online count in the Hot store */
  nodeId: string;
}

export const defaultGatewayOptions = (): RoomGatewayOptions => ({
  flushMs: 150,
  joinTimeoutMs: 10_000,
  heartbeatTimeoutMs: 45_000,
  onlineEveryMs: 1_000,
  eventsEveryMs: 500,
  buffer: { softBytes: 256 * 1024, hardBytes: 1024 * 1024, hardGraceMs: 10_000 },
  framesPerSecond: 20,
  frameBurst: 40,
  maxStrikes: 60,
  maxDanmakuPerFlush: 100,
  nodeId: newId(),
});

/** What the socket route knows when a connection opens. */
export interface AcceptContext {
  liveSessionId: string;
  ip: string | null;
  requestId: string | null;
  /** resolved by the HTTP layer from a query token or header, when the client sent one there */
  actor: Actor | null;
}

export const CLOSE = {
  noJoin: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  flooding: 4429,
  goingAway: 1001,
  retry: 1011,
} as const;

/** Control frames and the permission each needs. */
const CONTROL_PERMISSION: Record<ControlFrame['t'], Permission> = {
  pin: 'live:moderate',
  unpin: 'live:moderate',
  announce: 'live:moderate',
  'flash.start': 'live:manage',
  'lottery.start': 'live:manage',
};

/** Frames a connection may have waiting for its handler; beyond this it is answered `rate_limited`. */
const MAX_QUEUED_FRAMES = 32;
const LIKES_TTL_MS = 30 * 86_400_000;
const likesKey = (liveSessionId: string) => `room:${liveSessionId}:likes`;
const KNOWN_FRAMES = new Set<string>(ClientFrame.options.map((o) => o.shape.t.value));

/** The room protocol's smaller set of codes: HTTP-only codes map to their nearest. */
const roomCodeOf: Partial<Record<ErrorCode, RoomErrorCode>> = {
  idempotency_mismatch: 'conflict',
  show_not_ended: 'conflict',
  unavailable: 'internal',
  payload_too_large: 'validation',
  gone: 'not_found',
};
const roomErrorCode = (code: ErrorCode): RoomErrorCode => roomCodeOf[code] ?? (code as RoomErrorCode);

class Connection implements RoomMember {
  phase: 'awaiting' | 'joining' | 'joined' | 'closed' = 'awaiting';
  closing = false;
  viewer: RoomViewer | null = null;
  room: LocalRoom | null = null;
  /** counted in the room's presence (a welcomed viewer, not staff) */
  entered = false;
  following = false;
  /** the buyer's history tags, read once at join */
  buyerTags: BuyerTag[] = [];
  lastSeen: number;
  lastRateLimitedAt = -Infinity;
  joinTimer: NodeJS.Timeout | undefined;
  chain: Promise<void> = Promise.resolve();
  queued = 0;
  readonly recipient: Recipient;
  readonly flood: FloodGuard;

  constructor(
    readonly socket: WebSocket,
    readonly context: AcceptContext,
    options: RoomGatewayOptions,
    now: number,
  ) {
    this.lastSeen = now;
    this.recipient = new Recipient(socket, options.buffer);
    this.flood = new FloodGuard(options.framesPerSecond, options.frameBurst, options.maxStrikes, now);
  }

  get identity(): string {
    return this.viewer!.identity;
  }

  get countsAsViewer(): boolean {
    return this.viewer?.role !== 'staff';
  }

  get user(): RoomUser {
    const viewer = this.viewer!;
    const tags: BuyerTag[] = viewer.role === 'staff' ? ['staff'] : [...this.buyerTags, ...(this.following ? (['follower'] as const) : [])];
    return { id: viewer.identity, nickname: viewer.nickname, tags };
  }

  /** Outside the batch: frames before a room exists for this socket, and the last words before a close. */
  sendNow(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify([frame]));
  }

  /** closed, or closing: nothing more is done for it */
  get gone(): boolean {
    return this.phase === 'closed' || this.closing;
  }

  close(code: number, reason: string): void {
    this.closing = true;
    this.socket.close(code, reason);
  }

  kick(frame: ServerFrame): void {
    this.sendNow(frame);
    this.close(CLOSE.forbidden, 'kicked');
  }
}

/**
 * The live room's WebSocket gateway on this node. Viewers join a show; what they send is checked,
 * rate-limited and turned into room frames published on the show's Fanout channel, so every node
 * (this one included) delivers them; what arrives on the channel is batched per room and flushed
 * every `flushMs` as one message per socket. Presence and behaviour events are derived here from the
 * connection lifecycle, never taken from the client's word.
 */
export class RoomGateway {
  private readonly options: RoomGatewayOptions;
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly subscriptions = new Map<LocalRoom, Promise<() => Promise<void>>>();
  private readonly connections = new Set<Connection>();
  private readonly broadcaster: RoomBroadcaster;
  private readonly behaviour: BehaviourBuffer;
  private readonly online: OnlineCounter;
  private readonly service: RoomService;
  private timers: NodeJS.Timeout[] = [];
  private counting: Promise<void> | null = null;
  /** fire-and-forget work (likes, withdrawals, unsubscribes) that stop() waits for before the stores close */
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: RoomGatewayDeps,
    options: Partial<RoomGatewayOptions> = {},
  ) {
    this.options = { ...defaultGatewayOptions(), ...options };
    this.broadcaster = new RoomBroadcaster(deps.fanout);
    this.behaviour = new BehaviourBuffer(deps.db, (err) => deps.onError(err, 'writing behaviour events'));
    this.online = new OnlineCounter(deps.hot, this.options.nodeId);
    this.service = new RoomService(deps.db, deps.clock);
  }

  start(): void {
    if (this.timers.length) return;
    const every = (ms: number, run: () => void) => {
      const timer = setInterval(run, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.flushMs, () => this.flush());
    every(Math.min(15_000, this.options.heartbeatTimeoutMs / 3), () => this.sweepHeartbeats());
    every(this.options.onlineEveryMs, () => void this.countOnline());
    every(this.options.eventsEveryMs, () => void this.behaviour.flush());
  }

  /** Closes every socket (1001), records their leaves and writes the waiting events. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const now = this.deps.clock.now();
    for (const conn of [...this.connections]) {
      this.detach(conn, now);
      conn.close(CLOSE.goingAway, 'server shutting down');
    }
    await this.counting;
    await Promise.allSettled([...this.background]);
    await this.behaviour.flush();
  }

  private inBackground(work: Promise<unknown>, context: string): void {
    const tracked = work.catch((err) => this.deps.onError(err, context)).finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** Takes a new socket; it must send `join` within `joinTimeoutMs`. Never throws. */
  accept(socket: WebSocket, context: AcceptContext): void {
    const conn = new Connection(socket, context, this.options, this.deps.clock.now());
    this.connections.add(conn);
    conn.joinTimer = setTimeout(() => {
      if (conn.phase === 'awaiting') conn.close(CLOSE.noJoin, 'join expected');
    }, this.options.joinTimeoutMs);
    socket.on('message', (data: RawData, isBinary: boolean) => this.receive(conn, data, isBinary));
    socket.on('pong', () => (conn.lastSeen = this.deps.clock.now()));
    // 1006: the peer vanished without a close frame; it was last alive when we last heard from it.
    socket.on('close', (code: number) => this.detach(conn, code === 1006 ? conn.lastSeen : this.deps.clock.now()));
  }

  // ---- incoming frames

  private receive(conn: Connection, data: RawData, isBinary: boolean): void {
    const now = this.deps.clock.now();
    conn.lastSeen = now;
    if (conn.gone) return;
    const verdict = conn.flood.take(now);
    if (verdict === 'disconnect') {
      conn.sendNow({ t: 'error', code: 'rate_limited', message: 'Too many frames; disconnected' });
      conn.close(CLOSE.flooding, 'too many frames');
      return;
    }
    if (verdict === 'refuse') {
      // One answer per second is enough: answering every refused frame would amplify the flood.
      if (now - conn.lastRateLimitedAt >= 1000) {
        conn.lastRateLimitedAt = now;
        this.reply(conn, { t: 'error', code: 'rate_limited', message: `At most ${this.options.framesPerSecond} frames per second` });
      }
      return;
    }
    if (isBinary) return this.refuse(conn, 'Binary frames are not supported; send JSON text');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return this.refuse(conn, 'Malformed JSON');
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) {
      const t = typeof json === 'object' && json !== null ? (json as { t?: unknown }).t : undefined;
      const ref = typeof t === 'string' ? t.slice(0, 32) : undefined;
      if (ref !== undefined && !KNOWN_FRAMES.has(t as string)) return this.refuse(conn, `Unknown frame type "${ref}"`, ref);
      const issue = parsed.error.issues[0];
      return this.refuse(conn, issue ? `${issue.path.join('.') || 'frame'}: ${issue.message}` : 'Invalid frame', ref);
    }
    if (conn.queued >= MAX_QUEUED_FRAMES) {
      return this.reply(conn, { t: 'error', code: 'rate_limited', message: 'Too many frames waiting', ref: parsed.data.t });
    }
    const frame = parsed.data;
    conn.queued++;
    conn.chain = conn.chain.then(async () => {
      try {
        await this.handle(conn, frame);
      } catch (err) {
        this.fail(conn, frame.t, err);
      } finally {
        conn.queued--;
      }
    });
  }

  private async handle(conn: Connection, frame: ClientFrame): Promise<void> {
    if (conn.gone) return;
    if (frame.t === 'join') {
      if (conn.phase !== 'awaiting') throw validationError('Already joined');
      return this.join(conn, frame);
    }
    if (conn.phase !== 'joined') throw validationError('Send join first');
    const viewer = conn.viewer!;
    const room = conn.room!;
    const now = this.deps.clock.now();
    switch (frame.t) {
      case 'ping':
        return this.reply(conn, { t: 'pong', at: now });
      case 'leave':
        return conn.close(1000, 'left');
      case 'chat':
        return this.chat(conn, viewer, frame.text, now);
      case 'like':
        room.pendingLikes += frame.count;
        if (viewer.role !== 'staff') this.behaviour.like(viewer, frame.count, now);
        return;
      case 'gift': {
        const sent = await this.service.gift(viewer, frame.giftId, frame.count);
        await this.broadcaster.toRoom(viewer.liveSessionId, { t: 'gift', user: conn.user, giftId: sent.gift.id, count: sent.count, valueFen: sent.valueFen });
        return this.broadcaster.toViewer(viewer.liveSessionId, viewer.identity, { t: 'coins', balance: sent.balance });
      }
      case 'follow':
        await this.service.follow(viewer);
        conn.following = true;
        return this.broadcaster.toViewer(viewer.liveSessionId, viewer.identity, { t: 'followed', following: true });
      case 'share':
        if (viewer.role !== 'staff') this.behaviour.add(viewer.orgId, behaviourEvent(viewer, 'share', now));
        return;
      case 'lottery.enter':
        await this.deps.extras.enterLottery(viewer, frame.lotteryId);
        return this.broadcaster.toViewer(viewer.liveSessionId, viewer.identity, { t: 'lottery.entered', lotteryId: frame.lotteryId });
      case 'track':
        return this.track(conn, viewer, frame.events);
      default:
        return this.controlFrame(viewer, frame);
    }
  }

  private async chat(conn: Connection, viewer: RoomViewer, text: string, now: number): Promise<void> {
    const admitted = await this.deps.policy.admitChat(viewer, text);
    if (!admitted.ok) return this.reply(conn, { t: 'error', code: admitted.code, message: admitted.message, ref: 'chat' });
    const message: ChatMessage = { id: newId(), user: conn.user, text: admitted.text, at: now };
    // Published, not delivered here directly: the channel gives every node, this one too, the same order.
    await this.broadcaster.toRoom(viewer.liveSessionId, { t: 'chat', message });
    // The nickname rides along for the big screen's comment wall, which shows who said what.
    if (viewer.role !== 'staff') this.behaviour.add(viewer.orgId, behaviourEvent(viewer, 'comment', now, { text: admitted.text, nickname: viewer.nickname }));
    for (const listener of this.deps.listeners) void listener.onChat(viewer, message).catch((err) => this.deps.onError(err, 'chat listener'));
  }

  /** A viewer's own tracking events: the server, not the client, says which show and which viewer they are of. */
  private async track(conn: Connection, viewer: RoomViewer, events: unknown[]): Promise<void> {
    if (viewer.role === 'staff') throw forbidden('A staff connection does not send tracking events');
    const stamp = { liveSessionId: viewer.liveSessionId, anonymousId: viewer.anonymousId, userId: viewer.buyerId };
    const result = await this.deps.tracking.ingest({ orgId: viewer.orgId, trusted: false, stamp }, events);
    this.reply(conn, { t: 'track.ack', ...result });
  }

  private async controlFrame(viewer: RoomViewer, frame: ControlFrame): Promise<void> {
    const permission = CONTROL_PERMISSION[frame.t];
    if (viewer.role !== 'staff' || !viewer.actor) throw forbidden(`Only the show's staff may send ${frame.t}`);
    if (!can(viewer.actor, permission)) throw forbidden(`This needs the ${permission} permission`, { required: permission });
    await this.deps.control.handle(viewer, frame);
  }

  private async join(conn: Connection, frame: Extract<ClientFrame, { t: 'join' }>): Promise<void> {
    conn.phase = 'joining';
    clearTimeout(conn.joinTimer);
    const { liveSessionId, ip, requestId } = conn.context;
    let actor = conn.context.actor;
    if (frame.token) {
      actor = await this.deps.resolveActor(frame.token, { ip, requestId }).catch(() => null);
      if (!actor) return conn.close(CLOSE.unauthorized, 'token is not valid');
    }
    const orgId = this.rooms.get(liveSessionId)?.orgId ?? (await this.deps.sessions.room(liveSessionId))?.orgId;
    if (!orgId) return conn.close(CLOSE.notFound, 'live session not found');
    if (actor && actor.orgId !== orgId) return conn.close(CLOSE.forbidden, 'token is for another shop');
    const viewer = viewerOf(liveSessionId, orgId, frame.anonymousId, actor);
    const admitted = await this.deps.policy.admitViewer(viewer);
    if (!admitted.ok) {
      conn.sendNow({ t: 'error', code: admitted.code, message: admitted.message, ref: 'join' });
      return conn.close(CLOSE.forbidden, 'banned');
    }
    if (conn.gone) return;

    conn.viewer = viewer;
    const room = this.roomFor(liveSessionId, orgId);
    room.add(conn);
    conn.room = room;
    try {
      // From here on the socket is held: frames arriving while the snapshot loads reach it after its welcome.
      await this.subscriptions.get(room);
      const recentChat = [...room.recentChat];
      const buyerId = viewer.buyerId;
      const [session, flashSales, lotteries, likes, coins, following, buyerTags] = await Promise.all([
        this.deps.sessions.room(liveSessionId),
        this.deps.extras.flashSales(liveSessionId),
        this.deps.extras.lotteries(liveSessionId),
        this.deps.hot.get(likesKey(liveSessionId)),
        buyerId ? this.service.coins(orgId, buyerId) : 0,
        buyerId ? this.service.following(orgId, buyerId) : false,
        buyerId ? this.deps.extras.buyerTags(orgId, buyerId) : [],
      ]);
      if (conn.gone) return;
      if (!session) return conn.close(CLOSE.notFound, 'live session not found');
      conn.phase = 'joined';
      conn.following = following;
      conn.buyerTags = buyerTags;
      if (viewer.role !== 'staff') {
        conn.entered = true;
        if (room.enter(viewer.identity)) {
          this.inBackground(this.deps.presence.entered(room.liveSessionId, viewer.identity), 'recording presence');
          this.behaviour.add(orgId, behaviourEvent(viewer, 'room.enter', this.deps.clock.now(), frame.ref ? { ref: frame.ref } : {}));
        }
      }
      conn.recipient.welcome({
        t: 'welcome',
        you: { identity: viewer.identity, buyerId, role: viewer.role, muted: admitted.muted, following, coins },
        snapshot: {
          status: session.status,
          online: Math.max(room.online ?? 0, room.localViewers),
          likes: Number(likes ?? 0),
          pinnedProductIds: session.pinnedProductIds,
          announcement: session.announcement,
          flashSales,
          lotteries,
          recentChat,
          slowModeSeconds: admitted.slowModeSeconds,
        },
      });
    } catch (err) {
      this.deps.onError(err, 'joining a room');
      conn.close(CLOSE.retry, 'try again');
    }
  }

  /** Answers one connection: in its next flush once it is in a room, at once before that. */
  private reply(conn: Connection, frame: ServerFrame): void {
    if (conn.room) conn.room.toMember(conn, frame);
    else conn.sendNow(frame);
  }

  private refuse(conn: Connection, message: string, ref?: string): void {
    this.reply(conn, { t: 'error', code: 'validation', message, ...(ref === undefined ? {} : { ref }) });
  }

  private fail(conn: Connection, ref: string, err: unknown): void {
    if (err instanceof AppError) {
      this.reply(conn, { t: 'error', code: roomErrorCode(err.code), message: err.message, ref });
      return;
    }
    this.deps.onError(err, `handling ${ref}`);
    this.reply(conn, { t: 'error', code: 'internal', message: 'Something went wrong', ref });
  }

  // ---- rooms

  private roomFor(liveSessionId: string, orgId: string): LocalRoom {
    const existing = this.rooms.get(liveSessionId);
    if (existing) return existing;
    const room = new LocalRoom(liveSessionId, orgId, this.options.maxDanmakuPerFlush);
    this.rooms.set(liveSessionId, room);
    const subscription = this.deps.fanout.subscribe(roomChannel(liveSessionId), (message) => this.fromChannel(room, message));
    subscription.catch(() => {
      if (this.rooms.get(liveSessionId) === room) this.rooms.delete(liveSessionId);
    });
    this.subscriptions.set(room, subscription);
    return room;
  }

  private fromChannel(room: LocalRoom, message: string): void {
    try {
      const envelope = JSON.parse(message) as RoomEnvelope;
      room.receive(envelope);
      if (envelope.frame.t === 'status' && envelope.frame.status === 'live') this.enterAtGoLive(room);
    } catch (err) {
      this.deps.onError(err, 'reading a room message');
    }
  }

  /**
   * Viewers who waited in the room before the show started entered outside its live window, where
   * analytics does not count them; the moment it goes live, each node records them entering again.
   */
  private enterAtGoLive(room: LocalRoom): void {
    const now = this.deps.clock.now();
    const seen = new Set<string>();
    for (const conn of this.connections) {
      if (conn.room !== room || !conn.entered || seen.has(conn.viewer!.identity)) continue;
      seen.add(conn.viewer!.identity);
      this.behaviour.add(room.orgId, behaviourEvent(conn.viewer!, 'room.enter', now, { atGoLive: true }));
    }
  }

  /** Forgets a closed connection: presence leave at `at`, and the room itself when it was the last. */
  private detach(conn: Connection, at: number): void {
    if (conn.phase === 'closed') return;
    conn.phase = 'closed';
    clearTimeout(conn.joinTimer);
    this.connections.delete(conn);
    const room = conn.room;
    if (!room) return;
    room.remove(conn);
    const viewer = conn.viewer!;
    if (conn.entered && room.leave(viewer.identity)) {
      this.inBackground(this.deps.presence.left(room.liveSessionId, viewer.identity), 'recording presence');
      this.behaviour.add(viewer.orgId, behaviourEvent(viewer, 'room.leave', at));
    }
    if (room.members.size > 0 || this.rooms.get(room.liveSessionId) !== room) return;
    this.rooms.delete(room.liveSessionId);
    const subscription = this.subscriptions.get(room);
    this.subscriptions.delete(room);
    if (subscription) this.inBackground(subscription.then((unsubscribe) => unsubscribe()), 'leaving a room channel');
    this.inBackground(this.online.report(room.liveSessionId, 0), 'withdrawing the online count');
  }

  // ---- timers

  /** Sends every room's queued frames: one message per socket, the same bytes for all of a room's sockets. */
  flush(): void {
    const now = this.deps.clock.now();
    for (const room of this.rooms.values()) {
      this.addLikes(room);
      const flush = room.queue.empty ? null : room.queue.take();
      if (!flush && !room.personalWaiting) continue;
      room.personalWaiting = false;
      for (const member of room.members) member.recipient.deliver(flush, now);
    }
  }

  /** Adds this node's likes since the last flush to the show's counter and tells every node the new total. */
  private addLikes(room: LocalRoom): void {
    const delta = room.pendingLikes;
    if (delta === 0) return;
    room.pendingLikes = 0;
    const id = room.liveSessionId;
    this.inBackground(
      this.deps.hot.incrBy(likesKey(id), delta, { ttlMs: LIKES_TTL_MS }).then((total) => this.broadcaster.toRoom(id, { t: 'likes', total, delta })),
      'counting likes',
    );
  }

  private sweepHeartbeats(): void {
    const now = this.deps.clock.now();
    for (const conn of [...this.connections]) {
      if (now - conn.lastSeen > this.options.heartbeatTimeoutMs) {
        this.detach(conn, conn.lastSeen);
        conn.socket.terminate();
      } else if (conn.socket.readyState === conn.socket.OPEN) {
        conn.socket.ping();
      }
    }
  }

  /** Reports this node's viewers per show and queues `online` where the show's total changed. */
  countOnline(): Promise<void> {
    this.counting ??= (async () => {
      for (const room of [...this.rooms.values()]) {
        try {
          const total = await this.online.report(room.liveSessionId, room.localViewers);
          if (room.localViewers > 0) await this.deps.presence.refresh(room.liveSessionId);
          if (this.rooms.get(room.liveSessionId) !== room || total === room.online) continue;
          room.online = total;
          room.queue.push({ t: 'online', count: total });
        } catch (err) {
          this.deps.onError(err, 'counting viewers online');
        }
      }
    })().finally(() => (this.counting = null));
    return this.counting;
  }

  /** Writes the waiting behaviour events now (tests, shutdown). */
  flushEvents(): Promise<void> {
    return this.behaviour.flush();
  }
}

function viewerOf(liveSessionId: string, orgId: string, anonymousId: string, actor: Actor | null): RoomViewer {
  const base = { liveSessionId, orgId, anonymousId };
  if (actor?.kind === 'buyer') {
    return { ...base, identity: actor.id, buyerId: actor.id, nickname: actor.name ?? `用户${actor.id.slice(-4)}`, role: 'buyer', actor };
  }
  if (actor) return { ...base, identity: `staff:${actor.id}`, buyerId: null, nickname: actor.name ?? '主播', role: 'staff', actor };
  return { ...base, identity: `anon:${anonymousId}`, buyerId: null, nickname: `游客${anonymousId.slice(-4)}`, role: 'viewer', actor: null };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
