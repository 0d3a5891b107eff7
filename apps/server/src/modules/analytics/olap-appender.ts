import type { StoredEvent } from '@livedesk/contracts';
import type { Olap } from '../../infra/olap/port.js';
import type { EventSource } from './sources.js';
import { Doze } from '../../lib/doze.js';

/** The appender's name in the OLAP store's positions. */
export const OLAP_CONSUMER = 'olap';

export interface OlapAppenderOptions {
  olap: Olap;
  sources: readonly EventSource[];
  /** Flush once this many events are held. */
  flushAtEvents?: number;
  /** Flush what has been held this long, ms, however little it is. */
  flushEveryMs?: number;
  /** Log rows read from a source at once (a tracked-log row holds a whole ingest batch). */
  readLimit?: number;
  /** Sleep when every source has been read to its end, unless nudged. */
  idleMs?: number;
  onError?: (err: unknown) => void;
}

export interface OlapAppenderLag {
  /** events read from the logs and not yet in OLAP */
  bufferedEvents: number;
  /** how long ago the server received the oldest of them, ms; null when none is held */
  oldestEventAgeMs: number | null;
  /** positions last committed to OLAP, by source */
  committed: Record<string, number>;
  /** reads or flushes that failed in a row; 0 when healthy */
  failures: number;
}

/** Backoff ceiling while the store or a source keeps failing: retries go on, the log is not flooded. */
const MAX_RETRY_MS = 5_000;

/**
 * Copies the analytics event logs into OLAP in batches: reads each source from the position OLAP holds
 * for it and flushes at `flushAtEvents` or every `flushEveryMs`, each flush one `appendEvents` carrying
 * the positions it reaches. Rows and positions commit together, so however the process ends, a restart
 * resumes exactly after the last flush: nothing is lost and nothing is appended twice.
 */
export class OlapAppender {
  private readonly olap: Olap;
  private readonly sources: readonly EventSource[];
  private readonly flushAtEvents: number;
  private readonly flushEveryMs: number;
  private readonly readLimit: number;
  private readonly idleMs: number;
  private readonly onError: (err: unknown) => void;
  /** How far the sources have been read: the positions the buffer reaches. Null until loaded from OLAP. */
  private readTo: Record<string, number> | null = null;
  private committed: Record<string, number> = {};
  private buffer: StoredEvent[] = [];
  /** When the first read not yet flushed happened (events, or positions moved past rows with none). */
  private pendingSince: number | null = null;
  private oldestReceivedAt: number | null = null;
  private failures = 0;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private readonly doze = new Doze();

  constructor({
    olap,
    sources,
    flushAtEvents = 10_000,
    flushEveryMs = 1_000,
    readLimit = 200,
    idleMs = 100,
    onError = (err) => console.error('OLAP appender failed', err),
  }: OlapAppenderOptions) {
    this.olap = olap;
    this.sources = sources;
    this.flushAtEvents = flushAtEvents;
    this.flushEveryMs = flushEveryMs;
    this.readLimit = readLimit;
    this.idleMs = idleMs;
    this.onError = onError;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Ends the loop and flushes what it holds; a failing flush is reported, and its events are read again at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.doze.interrupt();
    await this.loop;
    this.loop = null;
    if (this.pendingSince === null) return;
    try {
      await this.flush();
    } catch (err) {
      this.onError(err);
    }
  }

  /** Reads at once instead of at the next poll, e.g. after events were written. */
  nudge(): void {
    this.doze.nudge();
  }

  lag(): OlapAppenderLag {
    return {
      bufferedEvents: this.buffer.length,
      oldestEventAgeMs: this.oldestReceivedAt === null ? null : Math.max(0, Date.now() - this.oldestReceivedAt),
      committed: { ...this.committed },
      failures: this.failures,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.doze.beginPass();
      let more = false;
      try {
        this.readTo ??= await this.loadPositions();
        if (this.buffer.length < this.flushAtEvents) more = await this.readSources(this.readTo);
        if (this.flushDue()) await this.flush();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.onError(err);
        await this.doze.sleep(Math.min(this.idleMs * 2 ** this.failures, MAX_RETRY_MS));
        continue;
      }
      if (!more && !this.doze.nudged && !this.stopping) await this.doze.sleep(this.idleMs);
    }
  }

  private async loadPositions(): Promise<Record<string, number>> {
    const stored = await this.olap.positions(OLAP_CONSUMER);
    this.committed = stored;
    return Object.fromEntries(this.sources.map((s) => [s.name, stored[s.name] ?? 0]));
  }

  /** Reads one page of every source; true when some page came back full, so more is likely waiting. */
  private async readSources(readTo: Record<string, number>): Promise<boolean> {
    let more = false;
    for (const source of this.sources) {
      const from = readTo[source.name]!;
      const page = await source.readAfter(from, this.readLimit);
      if (page.position === from) continue;
      readTo[source.name] = page.position;
      this.pendingSince ??= Date.now();
      for (const event of page.events) {
        this.buffer.push(event);
        if (this.oldestReceivedAt === null || event.receivedAt < this.oldestReceivedAt) this.oldestReceivedAt = event.receivedAt;
      }
      // Positions are log sequence numbers: a page that moved `readLimit` or more filled its limit.
      if (page.position - from >= this.readLimit) more = true;
    }
    return more;
  }

  private flushDue(): boolean {
    return this.pendingSince !== null && (this.buffer.length >= this.flushAtEvents || Date.now() - this.pendingSince >= this.flushEveryMs);
  }

  private async flush(): Promise<void> {
    const positions = { ...this.readTo };
    await this.olap.appendEvents(OLAP_CONSUMER, this.buffer, positions);
    this.committed = positions;
    this.buffer = [];
    this.pendingSince = null;
    this.oldestReceivedAt = null;
  }

}
