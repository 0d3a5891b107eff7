import {
  LOTTERY_ALGORITHM,
  type Address,
  type ChatMessage,
  type CreateLotteryBody,
  type LotteryRule,
  type LotteryState,
  type LotteryStatus,
  type LotteryVerificationView,
  type LotteryView,
  type OrderView,
} from '@livedesk/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { maskName, type PiiCipher } from '../../lib/crypto.js';
import { conflict, forbidden, notFound, unauthorized, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { LotteryEntryRow, LotteryRow, LotteryWinnerRow } from '../../infra/db/tables/lottery-risk.js';
import type { Db } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import type { OrdersService } from '../orders/service.js';
import type { RoomBroadcaster } from '../room/broadcast.js';
import type { ChatListener, RoomExtras, RoomViewer } from '../room/ports.js';
import { drawWinners, newSeed, seedHashOf, sortEntrants } from './draw.js';
import { lotteryRepo } from './repo.js';

/** The live module's answer to "which show is this" (LiveSessionsService.session). */
export interface LiveSessionLookup {
  session(orgId: string, id: string): Promise<{ id: string; orgId: string; status: 'scheduled' | 'live' | 'ended' } | null>;
}

/** The gateway's answer to "who is in the room now", as room identities, across all gateway nodes. */
export interface RoomPresence {
  present(liveSessionId: string): Promise<Set<string>>;
}

/** The room's follow state (关注), kept by the gateway in `live_follows`. */
export interface FollowLookup {
  isFollower(orgId: string, buyerId: string): Promise<boolean>;
}

export type RoomFrames = Pick<RoomBroadcaster, 'toRoom' | 'toViewer'>;

export interface LotteryDeps {
  db: Db;
  orders: Pick<OrdersService, 'place' | 'markPaid' | 'view'>;
  audit: AuditService;
  /** keeps the seed unreadable in the database until the draw */
  pii: PiiCipher;
  room: RoomFrames;
  sessions: LiveSessionLookup;
  presence: RoomPresence;
  follows: FollowLookup;
  clock: Clock;
}

/** Anonymous (`anon:…`) and staff (`staff:…`) identities carry a prefix; a buyer's is the bare buyer id. */
const isBuyerIdentity = (identity: string) => !identity.includes(':');

/** A comment matches a keyword by containment, ignoring width, case and spaces (`扣 １` matches `扣1`). */
const keywordForm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const fallbackNickname = (buyerId: string) => `用户${buyerId.slice(-4)}`;

const ruleOf = (row: LotteryRow): LotteryRule =>
  row.rule_kind === 'comment' ? { kind: 'comment', keyword: row.rule_keyword ?? '' } : { kind: row.rule_kind as 'follow' | 'presence' };

/**
 * Lotteries (福袋). Staff create one for a show, open it (a fresh secret seed, its hash published in
 * `lottery.start`) and it is drawn at `drawAt` by `LotteryScheduler`, or earlier by hand. Viewers who
 * are signed-in buyers enter by commenting the keyword, by the `lottery.enter` frame (follow rule: only
 * followers), or by being in the room at the draw (presence rule). The draw (`drawWinners`,
 * `livedesk-lottery-v1`) is a deterministic function of the revealed seed and the sorted entrants, which
 * are stored with the winners and published for anyone to recompute. A winner claims a prize SKU as a
 * zero-price order that is paid at once and ships like any other.
 */
export class LotteryService implements ChatListener, Pick<RoomExtras, 'lotteries' | 'enterLottery'> {
  private readonly openedListeners: ((lottery: { id: string; drawAt: number }) => void)[] = [];

  constructor(private readonly deps: LotteryDeps) {}

  /** Called after a lottery opens in this process (the scheduler arms its timer). */
  afterOpen(listener: (lottery: { id: string; drawAt: number }) => void): void {
    this.openedListeners.push(listener);
  }

  async create(actor: Actor, liveSessionId: string, body: CreateLotteryBody): Promise<LotteryView> {
    const { db, audit, clock, sessions } = this.deps;
    const session = await sessions.session(actor.orgId, liveSessionId);
    if (!session) throw notFound('Live session', liveSessionId);
    if (session.status === 'ended') throw conflict('The show has ended', { status: session.status });
    if (body.prize.skuId && !(await lotteryRepo.skuInOrg(db.kysely, actor.orgId, body.prize.skuId))) throw notFound('SKU', body.prize.skuId);
    const now = clock.now();
    if (body.drawAt !== undefined && body.drawAt <= now) throw validationError('drawAt must be in the future', { field: 'drawAt' });
    const row: LotteryRow = {
      id: newId(),
      org_id: actor.orgId,
      live_session_id: liveSessionId,
      prize_title: body.prize.title,
      prize_sku_id: body.prize.skuId ?? null,
      winner_count: body.winnerCount,
      rule_kind: body.rule.kind,
      rule_keyword: body.rule.kind === 'comment' ? body.rule.keyword : null,
      status: 'draft',
      draw_at: body.drawAt ?? null,
      duration_ms: body.durationSeconds === undefined ? null : body.durationSeconds * 1000,
      seed_enc: null,
      seed_hash: null,
      seed: null,
      created_by: actor.id,
      created_at: now,
      opened_at: null,
      drawn_at: null,
      cancelled_at: null,
    };
    await audit.transaction(actor, async (tx, record) => {
      await lotteryRepo.insert(tx, row);
      await record({
        action: 'lottery.create',
        targetType: 'lottery',
        targetId: row.id,
        changes: [
          { field: 'prize', from: null, to: body.prize },
          { field: 'winnerCount', from: null, to: body.winnerCount },
          { field: 'rule', from: null, to: body.rule },
        ],
      });
    });
    return this.view(row);
  }

  async list(actor: Actor, liveSessionId: string): Promise<LotteryView[]> {
    if (!(await this.deps.sessions.session(actor.orgId, liveSessionId))) throw notFound('Live session', liveSessionId);
    return this.views(await lotteryRepo.ofSession(this.deps.db.kysely, liveSessionId));
  }

  async get(actor: Actor, id: string): Promise<LotteryView> {
    return this.view(await this.inOrg(actor, id));
  }

  /**
   * draft → open: a fresh 32-byte seed is stored under the PII cipher and its SHA-256 published in
   * `lottery.start`. `liveSessionId`, when given (a console's room frame), must be the lottery's show.
   */
  async open(actor: Actor, id: string, liveSessionId?: string): Promise<LotteryView> {
    const { audit, clock, pii, room, sessions } = this.deps;
    const row = await this.inOrg(actor, id);
    if (liveSessionId !== undefined && row.live_session_id !== liveSessionId) throw notFound('Lottery', id);
    if (row.status !== 'draft') throw conflict(`A ${row.status} lottery cannot be opened`, { status: row.status });
    const session = await sessions.session(actor.orgId, row.live_session_id);
    if (!session || session.status === 'ended') throw conflict('The show has ended', { status: session?.status ?? 'ended' });
    const now = clock.now();
    const drawAt = row.draw_at ?? now + (row.duration_ms ?? 0);
    if (drawAt <= now) throw conflict('The draw time has passed; create the lottery again', { drawAt });
    const seed = newSeed();
    const patch = { status: 'open', opened_at: now, draw_at: drawAt, seed_enc: pii.encrypt(seed.toString('hex')), seed_hash: seedHashOf(seed) };
    await audit.transaction(actor, async (tx, record) => {
      if (!(await lotteryRepo.transition(tx, id, ['draft'], patch))) throw conflict('The lottery changed meanwhile; reload it');
      await record({
        action: 'lottery.open',
        targetType: 'lottery',
        targetId: id,
        changes: [
          { field: 'status', from: 'draft', to: 'open' },
          { field: 'seedHash', from: null, to: patch.seed_hash },
        ],
      });
    });
    const opened = { ...row, ...patch };
    await room.toRoom(row.live_session_id, { t: 'lottery.start', lottery: this.state(opened, 0) });
    for (const listener of this.openedListeners) listener({ id, drawAt });
    return this.view(opened);
  }

  /** Staff draw before `drawAt`. */
  async draw(actor: Actor, id: string): Promise<LotteryView> {
    const row = await this.inOrg(actor, id);
    if (row.status !== 'open') throw conflict(`A ${row.status} lottery cannot be drawn`, { status: row.status });
    if (!(await this.drawNow(row, actor))) throw conflict('The lottery was drawn or cancelled meanwhile');
    return this.get(actor, id);
  }

  /** The scheduler's draw: only an open lottery whose time has come; false when there was nothing to do. */
  async drawDue(id: string): Promise<boolean> {
    const row = await lotteryRepo.byId(this.deps.db.kysely, id);
    if (!row || row.status !== 'open' || (row.draw_at ?? Infinity) > this.deps.clock.now()) return false;
    return this.drawNow(row, systemActor(row.org_id));
  }

  /** Open lotteries drawn before `until`, for the scheduler. */
  async openBefore(until: number, limit: number) {
    return lotteryRepo.openDueBefore(this.deps.db.kysely, until, limit);
  }

  async cancel(actor: Actor, id: string): Promise<LotteryView> {
    const row = await this.inOrg(actor, id);
    if (row.status !== 'draft' && row.status !== 'open') throw conflict(`A ${row.status} lottery cannot be cancelled`, { status: row.status });
    const patch = { status: 'cancelled', cancelled_at: this.deps.clock.now() };
    await this.deps.audit.transaction(actor, async (tx, record) => {
      if (!(await lotteryRepo.transition(tx, id, [row.status], patch))) throw conflict('The lottery changed meanwhile; reload it');
      await record({ action: 'lottery.cancel', targetType: 'lottery', targetId: id, changes: [{ field: 'status', from: row.status, to: 'cancelled' }] });
    });
    // There is no frame of its own for a cancellation: `lottery.start` carries the state, now `cancelled`.
    if (row.status === 'open') await this.deps.room.toRoom(row.live_session_id, { t: 'lottery.start', lottery: this.state({ ...row, ...patch }, 0) });
    return this.get(actor, id);
  }

  /** The public check: seed hash from opening; seed, stored entrants and winners after the draw. */
  async verification(id: string): Promise<LotteryVerificationView> {
    const { db } = this.deps;
    const row = await lotteryRepo.byId(db.kysely, id);
    if (!row || row.status === 'draft') throw notFound('Lottery', id);
    const drawn = row.status === 'drawn';
    const entries = drawn ? await lotteryRepo.countedEntries(db.kysely, id) : [];
    const nickname = new Map(entries.map((e) => [e.identity, e.nickname]));
    const winners = await lotteryRepo.winners(db.kysely, [id]);
    return {
      id: row.id,
      liveSessionId: row.live_session_id,
      prize: row.prize_title,
      winnerCount: row.winner_count,
      rule: ruleOf(row),
      status: row.status as LotteryStatus,
      drawAt: row.draw_at,
      drawnAt: row.drawn_at,
      algorithm: LOTTERY_ALGORITHM,
      seedHash: row.seed_hash,
      seed: row.seed,
      entrants: sortEntrants(entries.map((e) => e.identity)).map((identity) => ({ identity, nickname: maskName(nickname.get(identity) ?? '') })),
      winners: winners.map((w) => ({ identity: w.buyer_id, nickname: maskName(w.nickname), rank: w.rank })),
    };
  }

  /**
   * A winner's prize as a zero-price order through the commerce core: its hold and lines like any
   * order, the win marked claimed inside the same transaction (a second claim is a conflict), and paid
   * at once (no payment row: nothing was charged, and paid_fen = 0 keeps the payments ledger equal).
   */
  async claim(buyer: Actor, id: string, address: Address): Promise<OrderView> {
    const { db, orders, clock } = this.deps;
    const row = await lotteryRepo.inOrg(db.kysely, buyer.orgId, id);
    if (!row || row.status === 'draft') throw notFound('Lottery', id);
    if (row.status !== 'drawn') throw conflict('The lottery has not been drawn', { status: row.status });
    const winner = await lotteryRepo.winner(db.kysely, id, buyer.id);
    if (!winner) throw forbidden('Only a winner can claim this prize', { reason: 'not_a_winner' });
    if (winner.claimed_at !== null) throw conflict('The prize is already claimed', { orderId: winner.order_id });
    const skuId = row.prize_sku_id;
    if (!skuId) throw conflict('This prize is not shipped as an order', { reason: 'no_prize_sku' });
    const placed = await orders.place(
      buyer,
      { items: [{ skuId, quantity: 1 }], address, liveSessionId: row.live_session_id },
      {
        unitPriceFen: new Map([[skuId, 0]]),
        source: 'lottery',
        inside: async (tx, orderId) => {
          if (!(await lotteryRepo.claim(tx, id, buyer.id, orderId, clock.now()))) throw conflict('The prize is already claimed');
        },
        after: (tx, orderId) =>
          orders.markPaid(tx, { orgId: buyer.orgId, orderId, paymentId: `lottery:${id}`, amountFen: 0, provider: 'lottery', actor: systemActor(buyer.orgId) }),
      },
    );
    return orders.view(db.kysely, buyer, placed.id, false);
  }

  // ---- the room

  /** For the room snapshot: the show's open and drawn lotteries. */
  async lotteries(liveSessionId: string): Promise<LotteryState[]> {
    const rows = await lotteryRepo.ofSession(this.deps.db.kysely, liveSessionId, ['open', 'drawn']);
    const counts = await lotteryRepo.entrantCounts(this.deps.db.kysely, rows);
    return rows.map((row) => this.state(row, counts.get(row.id) ?? 0));
  }

  /**
   * The `lottery.enter` frame (the gateway answers `lottery.entered`). A keyword lottery is entered by
   * commenting its keyword, so the frame is refused there with the keyword to send.
   */
  async enterLottery(viewer: RoomViewer, lotteryId: string): Promise<void> {
    const row = await lotteryRepo.byId(this.deps.db.kysely, lotteryId);
    if (!row || row.live_session_id !== viewer.liveSessionId || row.status === 'draft') throw notFound('Lottery', lotteryId);
    if (row.rule_kind === 'comment') throw validationError('Comment the keyword to enter this lottery', { keyword: row.rule_keyword });
    await this.enter(viewer, row, 'frame');
  }

  /** Keyword entries: a comment containing an open lottery's keyword enters its author. */
  async onChat(viewer: RoomViewer, message: ChatMessage): Promise<void> {
    if (message.bot || viewer.role === 'staff') return;
    const open = await lotteryRepo.openCommentLotteries(this.deps.db.kysely, viewer.liveSessionId);
    const text = keywordForm(message.text);
    for (const row of open) {
      if (!text.includes(keywordForm(row.rule_keyword ?? ''))) continue;
      if (!viewer.buyerId) {
        await this.deps.room.toViewer(viewer.liveSessionId, viewer.identity, { t: 'error', code: 'unauthorized', message: 'Sign in to enter the lottery', ref: 'lottery.enter' });
        continue;
      }
      if (await this.enter(viewer, row, 'comment')) {
        await this.deps.room.toViewer(viewer.liveSessionId, viewer.identity, { t: 'lottery.entered', lotteryId: row.id });
      }
    }
  }

  /** One entry per identity; only signed-in buyers, since a prize ships to an account. True when new. */
  private async enter(viewer: RoomViewer, row: LotteryRow, source: 'comment' | 'frame'): Promise<boolean> {
    if (row.status !== 'open') throw conflict('This lottery is not open', { status: row.status });
    if (viewer.role === 'staff') throw forbidden("The show's staff cannot enter its lotteries");
    if (!viewer.buyerId) throw unauthorized('Sign in to enter the lottery');
    if (row.rule_kind === 'follow' && !(await this.deps.follows.isFollower(viewer.orgId, viewer.buyerId))) {
      throw forbidden('Follow the shop to enter this lottery', { reason: 'not_following' });
    }
    return lotteryRepo.insertEntry(this.deps.db.kysely, {
      lottery_id: row.id,
      identity: viewer.buyerId,
      buyer_id: viewer.buyerId,
      nickname: viewer.nickname,
      source,
      entered_at: this.deps.clock.now(),
      counted: 0,
    });
  }

  /**
   * open → drawn, once (compare-and-set): the final entrants are marked, the winners computed from the
   * seed and stored, the seed revealed. Presence draws count the buyers in the room now, explicit
   * entrants who left dropping out. False when another node or a cancellation got there first.
   */
  private async drawNow(row: LotteryRow, actor: Actor): Promise<boolean> {
    const { audit, clock, pii, room } = this.deps;
    const present = row.rule_kind === 'presence' ? await this.presentBuyers(row) : null;
    const seed = Buffer.from(pii.decrypt(row.seed_enc!), 'hex');
    const now = clock.now();
    const winners = await audit.transaction(actor, async (tx, record) => {
      if (!(await lotteryRepo.transition(tx, row.id, ['open'], { status: 'drawn', drawn_at: now, seed: seed.toString('hex') }))) return null;
      if (present) {
        await lotteryRepo.insertEntries(tx, present.map((p) => ({ lottery_id: row.id, identity: p.id, buyer_id: p.id, nickname: p.nickname, source: 'presence', entered_at: now, counted: 0 })));
        await lotteryRepo.count(tx, row.id, present.map((p) => p.id));
      } else {
        await lotteryRepo.countAll(tx, row.id);
      }
      const entrants = new Map((await lotteryRepo.countedEntries(tx, row.id)).map((e): [string, LotteryEntryRow] => [e.identity, e]));
      const drawn: LotteryWinnerRow[] = drawWinners(seed, [...entrants.keys()], row.winner_count).map((identity, i) => {
        const entry = entrants.get(identity)!;
        return { lottery_id: row.id, buyer_id: entry.buyer_id, rank: i + 1, nickname: entry.nickname, order_id: null, claimed_at: null };
      });
      await lotteryRepo.insertWinners(tx, drawn);
      await record({
        action: 'lottery.draw',
        targetType: 'lottery',
        targetId: row.id,
        changes: [
          { field: 'status', from: 'open', to: 'drawn' },
          { field: 'entrants', from: null, to: entrants.size },
          { field: 'winners', from: null, to: drawn.map((w) => w.buyer_id) },
        ],
      });
      return drawn;
    });
    if (!winners) return false;
    await room.toRoom(row.live_session_id, {
      t: 'lottery.draw',
      lotteryId: row.id,
      seed: seed.toString('hex'),
      winners: winners.map((w) => ({ identity: w.buyer_id, nickname: maskName(w.nickname) })),
    });
    for (const w of winners) await room.toViewer(row.live_session_id, w.buyer_id, { t: 'lottery.won', lotteryId: row.id, prize: row.prize_title });
    return true;
  }

  private async presentBuyers(row: LotteryRow): Promise<{ id: string; nickname: string }[]> {
    const identities = [...(await this.deps.presence.present(row.live_session_id))].filter(isBuyerIdentity);
    const buyers = await lotteryRepo.buyers(this.deps.db.kysely, row.org_id, identities);
    return buyers.map((b) => ({ id: b.id, nickname: b.nickname ?? fallbackNickname(b.id) }));
  }

  private async inOrg(actor: Actor, id: string): Promise<LotteryRow> {
    const row = await lotteryRepo.inOrg(this.deps.db.kysely, actor.orgId, id);
    if (!row) throw notFound('Lottery', id);
    return row;
  }

  private state(row: LotteryRow, entrants: number): LotteryState {
    return {
      lotteryId: row.id,
      prize: row.prize_title,
      winnerCount: row.winner_count,
      rule: ruleOf(row),
      drawAt: row.draw_at ?? 0,
      seedHash: row.seed_hash ?? '',
      status: row.status as LotteryStatus,
      entrants,
    };
  }

  private async view(row: LotteryRow): Promise<LotteryView> {
    return (await this.views([row]))[0]!;
  }

  private async views(rows: LotteryRow[]): Promise<LotteryView[]> {
    const { db } = this.deps;
    const [counts, winners] = await Promise.all([lotteryRepo.entrantCounts(db.kysely, rows), lotteryRepo.winners(db.kysely, rows.map((r) => r.id))]);
    return rows.map((row) => ({
      id: row.id,
      liveSessionId: row.live_session_id,
      prize: { title: row.prize_title, skuId: row.prize_sku_id },
      winnerCount: row.winner_count,
      rule: ruleOf(row),
      status: row.status as LotteryStatus,
      drawAt: row.draw_at,
      durationSeconds: row.duration_ms === null ? null : row.duration_ms / 1000,
      seedHash: row.seed_hash,
      seed: row.seed,
      entrants: counts.get(row.id) ?? 0,
      winners: winners
        .filter((w) => w.lottery_id === row.id)
        .map((w) => ({ buyerId: w.buyer_id, nickname: w.nickname, rank: w.rank, orderId: w.order_id, claimedAt: w.claimed_at })),
      createdAt: row.created_at,
      openedAt: row.opened_at,
      drawnAt: row.drawn_at,
      cancelledAt: row.cancelled_at,
    }));
  }
}
