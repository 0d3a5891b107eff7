import {
  MetricsClientFrame,
  MinuteBucket,
  type LiveMetricsSnapshot,
  type MetricsServerFrame,
} from '@livedesk/contracts';
import type { Fanout } from '../../infra/fanout/port.js';
import { can, type Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/errors.js';
import type { MetricsReader } from './ports.js';

/*
 * How a show's numbers reach every console, on one node or many.
 *
 * Every node computes the ticks of the shows its own sockets watch, from its own MetricsReader: on the
 * node that aggregates, the live state; elsewhere the checkpoint the aggregator commits every second.
 * The Fanout channel `metrics.<sessionId>` carries only "changed" notices, published by whichever node's
 * reader saw a change, and every node watching the show ticks within 250 ms of one (elsewhere than on
 * the aggregating node, with numbers as fresh as the last checkpoint). Publishing finished ticks from
 * the aggregating node instead would need it to learn which shows other nodes watch, and every push
 * would stop while the lease moves; this way no node needs to know which one aggregates, and a tick is
 * computed once per node and interval however many of its sockets watch.
 */

/** After a change notice: long enough to fold a burst of batches into one tick, well inside 250 ms. */
const TICK_DELAY_MS = 100;
/** Without changes a watched show still ticks this often (the clock, the filling minute, online time). */
const HEARTBEAT_MS = 1_000;
/** Change notices of one show are sent at most this often; the aggregator may apply many batches a second. */
const NOTICE_DELAY_MS = 50;

const metricsChannel = (liveSessionId: string): string => `metrics.${liveSessionId}`;
const CHANGED = 'changed';

type TickFrame = Extract<MetricsServerFrame, { type: 'metrics.tick' }>;
type Tick = TickFrame['tick'];

const bucketFields = MinuteBucket.keyof().options;
const sameBucket = (a: MinuteBucket | undefined, b: MinuteBucket): boolean =>
  a !== undefined && bucketFields.every((field) => a[field] === b[field]);

/**
 * What changed between two snapshots of a show, as a tick: everything but the series, the minutes whose
 * numbers moved (the filling minute always) and the comments not in the earlier snapshot.
 */
export function tickBetween(previous: LiveMetricsSnapshot, current: LiveMetricsSnapshot): Tick {
  const { perMinute, comments, ...rest } = current;
  const before = new Map(previous.perMinute.map((bucket) => [bucket.minute, bucket]));
  const filling = current.endedAt === null ? perMinute.at(-1)?.minute : undefined;
  const seen = new Set(previous.comments.map((comment) => comment.id));
  return {
    ...rest,
    minutes: perMinute.filter((bucket) => bucket.minute === filling || !sameBucket(before.get(bucket.minute), bucket)),
    newComments: comments.filter((comment) => !seen.has(comment.id)),
  };
}

export interface MetricsPushOptions {
  reader: MetricsReader;
  fanout: Fanout;
  onError: (err: unknown, context: string) => void;
}

/** The console socket's `metrics.*` frames: subscriptions to shows' numbers, snapshot first, then ticks. */
export class MetricsPush {
  private readonly feeds = new Map<string, ShowFeed>();
  private readonly noticed = new Set<string>();
  private noticeTimer: NodeJS.Timeout | null = null;
  private readonly stopListening: () => void;

  constructor(private readonly options: MetricsPushOptions) {
    this.stopListening = options.reader.onChange((ids) => this.changed(ids));
  }

  /** The metrics side of one console socket; `send` gets each frame serialised. */
  connect(actor: Actor, send: (frame: string) => void): MetricsConnection {
    return new MetricsConnection(this, this.options, actor, send);
  }

  /** Shows with sockets watching on this node (each has a timer and a Fanout subscription). */
  watched(): string[] {
    return [...this.feeds.keys()];
  }

  async close(): Promise<void> {
    this.stopListening();
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.all(feeds.map((feed) => feed.stop()));
  }

  /** @internal a connection received the snapshot of `liveSessionId` and now wants its ticks */
  attach(connection: MetricsConnection, orgId: string, snapshot: LiveMetricsSnapshot): void {
    let feed = this.feeds.get(snapshot.liveSessionId);
    if (!feed) {
      feed = new ShowFeed(orgId, snapshot, this.options);
      this.feeds.set(snapshot.liveSessionId, feed);
    }
    feed.connections.add(connection);
  }

  /** @internal */
  detach(connection: MetricsConnection, liveSessionId: string): void {
    const feed = this.feeds.get(liveSessionId);
    if (!feed?.connections.delete(connection) || feed.connections.size > 0) return;
    this.feeds.delete(liveSessionId);
    void feed.stop();
  }

  private changed(liveSessionIds: readonly string[]): void {
    for (const id of liveSessionIds) this.noticed.add(id);
    this.noticeTimer ??= setTimeout(() => this.publishNotices(), NOTICE_DELAY_MS);
  }

  private publishNotices(): void {
    this.noticeTimer = null;
    const ids = [...this.noticed];
    this.noticed.clear();
    for (const id of ids) {
      this.options.fanout.publish(metricsChannel(id), CHANGED).catch((err: unknown) => this.options.onError(err, 'metrics: change notice'));
    }
  }
}

/** One console socket's subscriptions. */
export class MetricsConnection {
  /** each subscription's token, so a subscribe that an unsubscribe overtook does not attach late */
  private readonly subscriptions = new Map<string, object>();
  private closed = false;

  constructor(
    private readonly push: MetricsPush,
    private readonly options: MetricsPushOptions,
    private readonly actor: Actor,
    readonly send: (frame: string) => void,
  ) {}

  /** A text frame from the console: `metrics.*` frames are handled; anything else is not for us. */
  receive(text: string): void {
    const frame = parseClientFrame(text);
    if (!frame) return;
    if (frame.type === 'metrics.unsubscribe') return this.unsubscribe(frame.liveSessionId);
    this.subscribe(frame.liveSessionId).catch((err: unknown) => this.options.onError(err, 'metrics: subscribe'));
  }

  close(): void {
    this.closed = true;
    for (const id of this.subscriptions.keys()) this.push.detach(this, id);
    this.subscriptions.clear();
  }

  private async subscribe(liveSessionId: string): Promise<void> {
    if (!can(this.actor, 'analytics:read')) return this.error(liveSessionId, 'forbidden');
    if (this.closed || this.subscriptions.has(liveSessionId)) return;
    const token = {};
    this.subscriptions.set(liveSessionId, token);
    let snapshot: LiveMetricsSnapshot;
    try {
      snapshot = await this.options.reader.snapshot(this.actor.orgId, liveSessionId);
    } catch (err) {
      if (this.subscriptions.get(liveSessionId) === token) this.subscriptions.delete(liveSessionId);
      if (err instanceof AppError && err.code === 'not_found') return this.error(liveSessionId, 'not_found');
      throw err;
    }
    if (this.closed || this.subscriptions.get(liveSessionId) !== token) return;
    this.send(JSON.stringify({ type: 'metrics.snapshot', snapshot } satisfies MetricsServerFrame));
    this.push.attach(this, this.actor.orgId, snapshot);
  }

  private unsubscribe(liveSessionId: string): void {
    if (!this.subscriptions.delete(liveSessionId)) return;
    this.push.detach(this, liveSessionId);
  }

  private error(liveSessionId: string, code: 'forbidden' | 'not_found'): void {
    this.send(JSON.stringify({ type: 'metrics.error', liveSessionId, code } satisfies MetricsServerFrame));
  }
}

function parseClientFrame(text: string): MetricsClientFrame | null {
  try {
    const parsed = MetricsClientFrame.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The ticks of one show on this node, computed and serialised once for all its sockets here. */
class ShowFeed {
  readonly connections = new Set<MetricsConnection>();
  private readonly liveSessionId: string;
  /** what the sockets were last pushed (the first subscriber's snapshot until the first tick) */
  private last: LiveMetricsSnapshot;
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | null = null;
  private changedWhileRunning = false;
  private stopped = false;
  private readonly notices: Promise<(() => Promise<void>) | null>;

  constructor(
    private readonly orgId: string,
    snapshot: LiveMetricsSnapshot,
    private readonly options: MetricsPushOptions,
  ) {
    this.liveSessionId = snapshot.liveSessionId;
    this.last = snapshot;
    this.notices = options.fanout.subscribe(metricsChannel(this.liveSessionId), () => this.changed()).catch((err: unknown) => {
      options.onError(err, 'metrics: change notices');
      return null;
    });
    this.schedule(HEARTBEAT_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const unsubscribe = await this.notices;
    await unsubscribe?.().catch((err: unknown) => this.options.onError(err, 'metrics: change notices'));
  }

  private changed(): void {
    if (this.running) this.changedWhileRunning = true;
    else this.schedule(TICK_DELAY_MS);
  }

  /** Runs a tick in `delayMs`, unless one is already due sooner. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = Number.POSITIVE_INFINITY;
      this.running = this.tick().finally(() => (this.running = null));
    }, Math.max(0, delayMs));
  }

  private async tick(): Promise<void> {
    const startedAt = Date.now();
    try {
      const snapshot = await this.options.reader.snapshot(this.orgId, this.liveSessionId);
      if (this.stopped) return;
      const frame = JSON.stringify({ type: 'metrics.tick', liveSessionId: this.liveSessionId, tick: tickBetween(this.last, snapshot) } satisfies TickFrame);
      this.last = snapshot;
      for (const connection of this.connections) connection.send(frame);
    } catch (err) {
      this.options.onError(err, 'metrics: tick');
    }
    const changed = this.changedWhileRunning;
    this.changedWhileRunning = false;
    this.schedule(changed ? 0 : startedAt + HEARTBEAT_MS - Date.now());
  }
}
