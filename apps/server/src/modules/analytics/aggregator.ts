import type { LiveMetricsSnapshot, StoredEvent } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import { acquireLease, releaseLease } from '../../infra/outbox/repo.js';
import type { Clock } from '../../lib/time.js';
import type { MarkerSource, MetricsReader, SessionSeries } from './ports.js';
import * as repo from './repo.js';
import { LiveMetrics, type StateReader } from './service.js';
import { startPositions, type EventSource, type SourcePositions } from './sources.js';
import { identityOf, isCounted, SessionState } from './state.js';
import { Doze } from '../../lib/doze.js';

const LEASE_NAME = 'analytics-aggregator';
const CONSUMER = 'aggregator';
/** A live show's window is looked up again this often (and whenever an event is newer than the last look). */
const WINDOW_REFRESH_MS = 1_000;
/** Shows ended this recently are loaded at start; older ones when an event or a reader asks for them. */
const RECENTLY_ENDED_MS = 3_600_000;
/** An ended show nobody sent events for in this long leaves memory (its checkpoint is current). */
const EVICT_IDLE_MS = 10 * 60_000;
/** While another process aggregates, ask for the lease this often. */
const LEASE_RETRY_MS = 1_000;
/** First payments kept in memory; past this the cache starts over after a checkpoint. */
const FIRST_PAY_CACHE = 200_000;
/** Checkpoints read by other nodes, kept parsed while unchanged. */
const READ_CACHE = 100;

export interface LiveAggregatorOptions {
  db: Db;
  sources: readonly EventSource[];
  /** business time: event windows, held future events, `asOf` */
  clock: Clock;
  markers: readonly MarkerSource[];
  /** Unique per process: the lease records which process aggregates. */
  holderId: string;
  /** log rows read per source and pass */
  pageSize?: number;
  /** sleep between passes when the logs had nothing more and nobody nudged */
  idleMs?: number;
  checkpointEveryMs?: number;
  /** lifetime of an unrenewed lease: how long a crashed aggregator's successor waits at most */
  leaseMs?: number;
  onError?: (err: unknown) => void;
}

interface Loaded {
  state: SessionState;
  /** changed since the last checkpoint */
  dirty: boolean;
  /** Date.now() of the last event applied or held */
  touchedAt: number;
}

interface KnownWindow {
  /** null: no such show */
  row: repo.SessionWindowRow | null;
  /** the aggregator's clock just before the look-up: the row is at least this fresh */
  fetchedAt: number;
}

type Verdict = 'apply' | 'hold' | 'drop';
const firstPayKey = (orgId: string, identity: string) => `${orgId}\n${identity}`;

/**
 * The real-time aggregator: reads the tracking log and the outbox by position, keeps each show's state
 * in memory, and checkpoints the changed states, first payments and its positions in one transaction
 * every second. State and positions commit together, so a restart (even kill -9) resumes from the last
 * checkpoint and re-reads exactly what came after it: no event lost, none counted twice. Only the holder
 * of a Db lease aggregates; the checkpoint renews the lease in its own transaction, so a holder that lost
 * the lease (paused past its expiry) can never overwrite its successor's progress. Other nodes answer
 * from the checkpoint, at most a second behind.
 */
export class LiveAggregator implements MetricsReader, StateReader {
  private readonly db: Db;
  private readonly sources: readonly EventSource[];
  private readonly clock: Clock;
  private readonly holderId: string;
  private readonly pageSize: number;
  private readonly idleMs: number;
  private readonly checkpointEveryMs: number;
  private readonly leaseMs: number;
  private readonly onError: (err: unknown) => void;
  private readonly metrics: LiveMetrics;
  private readonly listeners = new Set<(liveSessionIds: readonly string[]) => void>();

  /** null until loaded from the last checkpoint (and again after losing the lease or failing a batch) */
  private positions: SourcePositions | null = null;
  private positionsMoved = false;
  private readonly sessions = new Map<string, Loaded>();
  private readonly windows = new Map<string, KnownWindow>();
  /** null: the identity has never paid in the org */
  private readonly firstPaid = new Map<string, repo.FirstPayRow | null>();
  private readonly firstPaidChanged = new Map<string, repo.FirstPayRow>();
  private readonly readCache = new Map<string, { updatedAt: number; state: SessionState }>();

  private loop: Promise<void> | null = null;
  private stopping = false;
  private readonly doze = new Doze();
  /** passes and checkpoints run one after another, never interleaved */
  private chain: Promise<unknown> = Promise.resolve();
  private renewLeaseAt = 0;
  private retryLeaseAt = 0;
  private lastCheckpointAt = 0;
  /** strictly increasing `updated_at` of the states written, so readers on other nodes see every checkpoint */
  private lastStamp = 0;

  constructor({
    db,
    sources,
    clock,
    markers,
    holderId,
    pageSize = 200,
    idleMs = 50,
    checkpointEveryMs = 1_000,
    leaseMs = 10_000,
    onError = (err) => console.error('analytics aggregator failed', err),
  }: LiveAggregatorOptions) {
    this.db = db;
    this.sources = sources;
    this.clock = clock;
    this.holderId = holderId;
    this.pageSize = pageSize;
    this.idleMs = idleMs;
    this.checkpointEveryMs = checkpointEveryMs;
    this.leaseMs = leaseMs;
    this.onError = onError;
    this.metrics = new LiveMetrics(db, clock, this, markers);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Finishes the pass in flight, checkpoints, and hands the lease over. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.doze.interrupt();
    await this.loop;
    this.loop = null;
    await this.serial(async () => {
      if (this.positions) await this.checkpointNow();
      if (this.renewLeaseAt !== 0) await releaseLease(this.db.kysely, LEASE_NAME, this.holderId);
      this.renewLeaseAt = 0;
      this.forget();
    }).catch(this.onError);
  }

  /** New events are in a log: read at once instead of at the next poll. */
  nudge(): void {
    this.doze.nudge();
  }

  onChange(listener: (liveSessionIds: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(orgId: string, liveSessionId: string): Promise<LiveMetricsSnapshot> {
    return this.metrics.snapshot(orgId, liveSessionId);
  }

  series(orgId: string, liveSessionId: string): Promise<SessionSeries> {
    return this.metrics.series(orgId, liveSessionId);
  }

  /**
   * A show's state as this node knows it: the live one while this process aggregates and holds it, else
   * the last checkpoint. A show the aggregator does not hold in memory has nothing unsaved, so its
   * checkpoint is current either way.
   */
  async stateOf(liveSessionId: string): Promise<SessionState | null> {
    const live = this.aggregating() ? this.sessions.get(liveSessionId) : undefined;
    if (live) return live.state;
    const cached = this.readCache.get(liveSessionId);
    const row = await repo.sessionStateIfChanged(this.db.kysely, liveSessionId, cached?.updatedAt ?? null);
    if (!row) return cached?.state ?? null;
    const state = SessionState.parse(row.state);
    this.readCache.delete(liveSessionId);
    this.readCache.set(liveSessionId, { updatedAt: row.updatedAt, state });
    if (this.readCache.size > READ_CACHE) this.readCache.delete(this.readCache.keys().next().value!);
    return state;
  }

  /** One pass if this process holds the lease: true when a log had a full page (more may be waiting). */
  runOnce(): Promise<boolean> {
    return this.serial(async () => {
      if (!(await this.holdLease())) return false;
      if (!this.positions) await this.load();
      return this.pass();
    });
  }

  /** Passes until the logs are read to the end (tests, and a caller that must see its events counted). */
  async catchUp(): Promise<void> {
    while (await this.runOnce());
  }

  /** Commits what was applied so far (otherwise done every `checkpointEveryMs` and on stop). */
  checkpoint(): Promise<void> {
    return this.serial(() => this.checkpointNow());
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.doze.beginPass();
      let more = false;
      try {
        more = await this.runOnce();
      } catch (err) {
        this.onError(err);
      }
      if (this.stopping) break;
      if (!more && !this.doze.nudged) await this.doze.sleep(this.idleMs);
    }
  }


  private aggregating(): boolean {
    return this.positions !== null && Date.now() < this.renewLeaseAt + this.leaseMs / 2;
  }

  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    if (now < this.renewLeaseAt) return true;
    if (now < this.retryLeaseAt) return false;
    const held = await acquireLease(this.db.kysely, { name: LEASE_NAME, holder: this.holderId, now, ttlMs: this.leaseMs });
    // Renewing half-way leaves the other half as margin for a slow pass before anyone may take over.
    this.renewLeaseAt = held ? now + this.leaseMs / 2 : 0;
    this.retryLeaseAt = held ? 0 : now + LEASE_RETRY_MS;
    if (!held) this.forget();
    return held;
  }

  /** Drops everything unsaved: the next pass starts again from the last checkpoint. */
  private forget(): void {
    this.positions = null;
    this.positionsMoved = false;
    this.sessions.clear();
    this.windows.clear();
    this.firstPaid.clear();
    this.firstPaidChanged.clear();
  }

  private async load(): Promise<void> {
    const saved = await repo.loadPositions(this.db.kysely, CONSUMER);
    // Shows that ended while nobody aggregated may still hold events waiting for the clock.
    const since = Math.min(this.clock.now(), saved?.updatedAt ?? Infinity) - RECENTLY_ENDED_MS;
    const rows = await repo.activeSessionStates(this.db.kysely, since);
    this.forget();
    for (const row of rows) this.sessions.set(row.liveSessionId, { state: SessionState.parse(row.state), dirty: false, touchedAt: Date.now() });
    this.positions = { ...startPositions(), ...(saved ? (JSON.parse(saved.positions) as Partial<SourcePositions>) : {}) };
  }

  private async pass(): Promise<boolean> {
    const from = this.positions!;
    const reached = { ...from };
    const events: StoredEvent[] = [];
    let more = false;
    for (const source of this.sources) {
      const page = await source.readAfter(from[source.name], this.pageSize);
      if (page.position - from[source.name] >= this.pageSize) more = true;
      reached[source.name] = page.position;
      events.push(...page.events);
    }
    const now = this.clock.now();
    await this.prepare(events, now);
    let changed: Set<string>;
    try {
      changed = this.apply(events, now);
    } catch (err) {
      // Half a batch may be in memory while the positions are not: only the checkpoint can be trusted.
      this.forget();
      throw err;
    }
    if (this.sources.some((s) => reached[s.name] !== from[s.name])) {
      this.positions = reached;
      this.positionsMoved = true;
    }
    this.notify(changed);
    this.evictIdle();
    if (Date.now() - this.lastCheckpointAt >= this.checkpointEveryMs) await this.checkpointNow();
    return more;
  }

  /**
   * Everything a batch needs from the Db, fetched before any change so that applying it cannot fail
   * half-way: the shows' states, their windows (fresher than any event about to be decided), and the
   * first payments of the paying identities along with the shows those are credited to now.
   */
  private async prepare(events: readonly StoredEvent[], now: number): Promise<void> {
    const newestDue = new Map<string, number>();
    const consider = (event: StoredEvent) => {
      const id = event.liveSessionId!;
      const due = event.ts <= now ? event.ts : -Infinity;
      newestDue.set(id, Math.max(newestDue.get(id) ?? -Infinity, due));
    };
    for (const event of events) if (event.liveSessionId && isCounted(event.type)) consider(event);
    await this.loadStates([...newestDue.keys()]);
    for (const loaded of this.sessions.values()) loaded.state.pending.forEach(consider);
    // Shows held in memory have their windows refreshed too, so an end is seen and the show can be evicted.
    for (const id of this.sessions.keys()) {
      if (!newestDue.has(id) && this.windows.get(id)?.row?.status !== 'ended') newestDue.set(id, -Infinity);
    }

    const lookUp = [...newestDue].filter(([id, newest]) => {
      const known = this.windows.get(id);
      if (!known) return true;
      if (known.row?.status === 'ended') return false;
      return known.fetchedAt < newest || known.fetchedAt < now - WINDOW_REFRESH_MS;
    });
    if (lookUp.length > 0) {
      const fetchedAt = this.clock.now();
      const ids = lookUp.map(([id]) => id);
      const rows = new Map((await repo.sessionWindows(this.db.kysely, ids)).map((row) => [row.id, row]));
      for (const id of ids) this.windows.set(id, { row: rows.get(id) ?? null, fetchedAt });
    }

    const paying = new Map<string, { orgId: string; identity: string }>();
    const payer = (event: StoredEvent) => {
      if (event.type === 'order.pay') paying.set(firstPayKey(event.orgId, identityOf(event)), { orgId: event.orgId, identity: identityOf(event) });
    };
    events.forEach(payer);
    for (const loaded of this.sessions.values()) loaded.state.pending.forEach(payer);
    const unknown = new Map<string, string[]>();
    for (const [key, { orgId, identity }] of paying) {
      if (this.firstPaid.has(key)) continue;
      let identities = unknown.get(orgId);
      if (!identities) unknown.set(orgId, (identities = []));
      identities.push(identity);
    }
    for (const [orgId, identities] of unknown) {
      const found = new Map((await repo.firstPays(this.db.kysely, orgId, identities)).map((row) => [row.identity, row]));
      for (const identity of identities) this.firstPaid.set(firstPayKey(orgId, identity), found.get(identity) ?? null);
    }
    const credited = new Set<string>();
    for (const key of paying.keys()) {
      const id = this.firstPaid.get(key)?.liveSessionId;
      if (id) credited.add(id);
    }
    await this.loadStates([...credited]);
  }

  private async loadStates(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.sessions.has(id));
    if (missing.length === 0) return;
    for (const row of await repo.sessionStates(this.db.kysely, missing)) {
      this.sessions.set(row.liveSessionId, { state: SessionState.parse(row.state), dirty: false, touchedAt: Date.now() });
    }
  }

  /** Decides and applies a batch (held events first: they came earlier in the logs). Synchronous. */
  private apply(events: readonly StoredEvent[], now: number): Set<string> {
    const changed = new Set<string>();
    for (const [id, loaded] of this.sessions) {
      if (loaded.state.pending.length === 0) continue;
      const held: StoredEvent[] = [];
      for (const event of loaded.state.pending) {
        const verdict = this.verdict(event, now);
        if (verdict === 'hold') held.push(event);
        else this.settle(event, verdict, changed);
      }
      if (held.length !== loaded.state.pending.length) {
        loaded.state.pending = held;
        loaded.dirty = true;
        changed.add(id);
      }
    }
    for (const event of events) {
      if (!isCounted(event.type)) continue;
      if (!event.liveSessionId) {
        if (event.type === 'order.pay') this.creditFirstPay(event, null, changed);
        continue;
      }
      const verdict = this.verdict(event, now);
      if (verdict === 'hold') {
        const loaded = this.loaded(event.liveSessionId);
        loaded.state.pending.push(event);
        loaded.dirty = true;
      } else this.settle(event, verdict, changed);
    }
    return changed;
  }

  /**
   * Whether an event of a show counts: only inside the live window [start, end] by event time, refunds at
   * any time after the start. An event stamped after the aggregator's clock waits until the clock passes
   * it, so an event stamped after the end that arrives before the end is known is still dropped. The
   * window consulted was looked up after the event's time, so "still live" or "not started" is true as of
   * that time (up to a show changing state within the milliseconds of a look-up).
   */
  private verdict(event: StoredEvent, now: number): Verdict {
    const row = this.windows.get(event.liveSessionId!)?.row;
    if (!row || row.orgId !== event.orgId) return 'drop';
    if (row.status !== 'ended' && event.ts > now) return 'hold';
    if (row.startedAt === null || event.ts < row.startedAt) return 'drop';
    if (event.type === 'order.refund' || row.endedAt === null) return 'apply';
    return event.ts <= row.endedAt ? 'apply' : 'drop';
  }

  private settle(event: StoredEvent, verdict: 'apply' | 'drop', changed: Set<string>): void {
    const id = event.liveSessionId!;
    if (verdict === 'apply') {
      const loaded = this.loaded(id);
      if (loaded.state.apply(event)) {
        loaded.dirty = true;
        changed.add(id);
      }
    }
    if (event.type === 'order.pay') this.creditFirstPay(event, verdict === 'apply' ? id : null, changed);
  }

  /** Keeps each identity's earliest payment in the org; an earlier one arriving late moves the credit. */
  private creditFirstPay(event: StoredEvent, liveSessionId: string | null, changed: Set<string>): void {
    const identity = identityOf(event);
    const key = firstPayKey(event.orgId, identity);
    const known = this.firstPaid.get(key) ?? null;
    if (known && known.paidAt <= event.ts) return;
    if (known?.liveSessionId) {
      const before = this.sessions.get(known.liveSessionId);
      if (before?.state.firstPays.delete(identity)) {
        before.dirty = true;
        changed.add(known.liveSessionId);
      }
    }
    if (liveSessionId) {
      const now = this.loaded(liveSessionId);
      now.state.firstPays.set(identity, event.ts);
      now.dirty = true;
      changed.add(liveSessionId);
    }
    const row = { orgId: event.orgId, identity, paidAt: event.ts, liveSessionId };
    this.firstPaid.set(key, row);
    this.firstPaidChanged.set(key, row);
  }

  /** The show's state in memory, begun empty when it has none yet (its window is known by now). */
  private loaded(id: string): Loaded {
    let loaded = this.sessions.get(id);
    if (!loaded) {
      loaded = { state: new SessionState(id, this.windows.get(id)!.row!.orgId), dirty: true, touchedAt: Date.now() };
      this.sessions.set(id, loaded);
    }
    loaded.touchedAt = Date.now();
    return loaded;
  }

  private notify(changed: Set<string>): void {
    if (changed.size === 0) return;
    const ids = [...changed];
    for (const listener of this.listeners) {
      try {
        listener(ids);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private evictIdle(): void {
    // A window is only needed while its show is held; the next event of another show looks it up again.
    for (const id of this.windows.keys()) if (!this.sessions.has(id)) this.windows.delete(id);
    const before = Date.now() - EVICT_IDLE_MS;
    for (const [id, loaded] of this.sessions) {
      if (loaded.dirty || loaded.state.pending.length > 0 || loaded.touchedAt > before) continue;
      if (this.windows.get(id)?.row?.status !== 'ended') continue;
      this.sessions.delete(id);
      this.windows.delete(id);
    }
  }

  private async checkpointNow(): Promise<void> {
    const positions = this.positions;
    if (!positions) return;
    const dirty = [...this.sessions.values()].filter((loaded) => loaded.dirty);
    if (dirty.length === 0 && this.firstPaidChanged.size === 0 && !this.positionsMoved) {
      this.lastCheckpointAt = Date.now();
      return;
    }
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    const states = dirty.map(({ state }) => ({ liveSessionId: state.liveSessionId, orgId: state.orgId, state: state.serialise(), updatedAt: this.lastStamp }));
    const firstPays = [...this.firstPaidChanged.values()];
    const leaseAt = Date.now();
    const held = await this.db.kysely.transaction().execute(async (tx) => {
      if (!(await acquireLease(tx, { name: LEASE_NAME, holder: this.holderId, now: leaseAt, ttlMs: this.leaseMs }))) return false;
      await repo.saveSessionStates(tx, states);
      await repo.saveFirstPays(tx, firstPays);
      await repo.savePositions(tx, CONSUMER, JSON.stringify(positions), this.clock.now());
      return true;
    });
    if (!held) {
      // Another process took over while this one stalled: what it has is the truth now.
      this.renewLeaseAt = 0;
      this.forget();
      return;
    }
    this.renewLeaseAt = leaseAt + this.leaseMs / 2;
    this.lastCheckpointAt = Date.now();
    for (const loaded of dirty) loaded.dirty = false;
    this.firstPaidChanged.clear();
    this.positionsMoved = false;
    if (this.firstPaid.size > FIRST_PAY_CACHE) this.firstPaid.clear();
  }
}
