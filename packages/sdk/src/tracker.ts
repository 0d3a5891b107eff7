import type { TrackedEvent } from '@livedesk/contracts';
import { backoffDelay, defaultBackoff, type Backoff } from './backoff.js';
import { defaultStorage, Identity, type KeyValueStorage } from './identity.js';
import { httpTransport, type SendOutcome, type Transport } from './transport.js';
import { uuidv7 } from './uuidv7.js';

export interface TrackerOptions {
  /** `POST /api/v1/events` of the LiveDesk server, e.g. `https://shop.example.com/api/v1/events` */
  endpoint?: string;
  /** an API key with the `events:ingest` scope (it is visible in the page: give it no other scope) */
  writeKey?: string;
  /** set on every event: the show this page is about */
  liveSessionId?: string;
  /** pending events go at least this often */
  flushIntervalMs?: number;
  /** events per request; reaching it sends at once */
  maxBatch?: number;
  /** events kept while the server cannot be reached; beyond it the oldest are dropped */
  maxQueue?: number;
  /** where the anonymous and user ids are kept; null keeps them in memory only */
  storage?: KeyValueStorage | null;
  /** replaces the HTTP transport (the viewer page sends over its room socket); endpoint and writeKey are then unused */
  transport?: Transport;
  /** the device id the page already has, instead of one the tracker makes and stores */
  anonymousId?: string;
  /** waits between retries of a failed batch */
  retry?: Backoff;
}

export interface Tracker {
  track(type: string, props?: Record<string, unknown>): void;
  /** Later events carry `userId` (the buyer id), kept across page loads until `reset`. */
  identify(userId: string): void;
  /** Forgets the user and starts a new anonymous id: call it at logout. */
  reset(): void;
  /**
   * Sends what is pending now. Resolves once every pending batch was sent, dropped, or put back for a
   * retry (then the retry timer sends it; a flush during that wait does not jump it).
   */
  flush(): Promise<void>;
  readonly anonymousId: string;
  /** Stops the timers and the page listeners after handing over what is pending, as at page exit. */
  close(): void;
}

/**
 * The server's `MAX_EVENTS_PER_BATCH`, repeated because the SDK must not load the contracts (and zod) at
 * run time; a test holds the two equal.
 */
export const SERVER_MAX_BATCH = 1000;

const pageWindow = (): Window | null => (typeof window === 'undefined' ? null : window);

export function createTracker(options: TrackerOptions): Tracker {
  const transport = options.transport ?? (options.endpoint && options.writeKey ? httpTransport({ endpoint: options.endpoint, writeKey: options.writeKey }) : null);
  if (!transport) throw new Error('createTracker needs endpoint and writeKey, or a transport');
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBatch = Math.min(Math.max(1, options.maxBatch ?? 100), SERVER_MAX_BATCH);
  const maxQueue = Math.max(maxBatch, options.maxQueue ?? 1000);
  const retry = options.retry ?? defaultBackoff;
  const identity = new Identity(options.storage === undefined ? defaultStorage() : options.storage, options.anonymousId);

  let pending: TrackedEvent[] = [];
  let sending: Promise<void> | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** failed sends in a row; the next wait grows with it */
  let failures = 0;
  let warnedFull = false;
  /** after close(): nothing is scheduled any more (a send still in flight must not start a retry loop) */
  let closed = false;

  const clearFlushTimer = () => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
  };

  const scheduleFlush = () => {
    if (flushTimer !== null || retryTimer !== null || closed) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flush();
    }, flushIntervalMs);
  };

  const retryLater = (afterMs: number | undefined) => {
    const delay = Math.max(afterMs ?? 0, backoffDelay(failures, Math.random(), retry));
    failures += 1;
    clearFlushTimer();
    if (closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, delay);
  };

  const handle = (batch: TrackedEvent[], outcome: SendOutcome): boolean => {
    switch (outcome.kind) {
      case 'sent':
        failures = 0;
        return true;
      case 'drop':
        failures = 0;
        console.warn(`livedesk: dropped ${batch.length} events: ${outcome.reason}`);
        return true;
      case 'retry':
        // Back in front, so the server still sees events in the order they happened.
        pending = [...batch, ...pending];
        retryLater(outcome.afterMs);
        return false;
    }
  };

  const drain = async () => {
    while (pending.length > 0 && retryTimer === null) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(maxBatch);
      const outcome = await transport.send(batch).catch((err: unknown): SendOutcome => ({ kind: 'retry', reason: String(err) }));
      if (!handle(batch, outcome)) return;
    }
  };

  function flush(): Promise<void> {
    clearFlushTimer();
    if (retryTimer !== null) return sending ?? Promise.resolve();
    sending ??= drain().finally(() => {
      sending = null;
      if (pending.length > 0) scheduleFlush();
    });
    return sending;
  }

  /** The page is hidden or unloading: what is pending goes now, by beacon when the transport has one. */
  const exit = () => {
    clearFlushTimer();
    if (!transport.sendOnExit) {
      void flush();
      return;
    }
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      if (!transport.sendOnExit(batch)) break;
      pending = pending.slice(maxBatch);
    }
    if (pending.length > 0) scheduleFlush();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') exit();
  };
  const page = pageWindow();
  page?.addEventListener('pagehide', exit);
  page?.document.addEventListener('visibilitychange', onVisibility);

  return {
    track(type, props) {
      const userId = identity.userId;
      pending.push({
        id: uuidv7(),
        type,
        ts: Date.now(),
        anonymousId: identity.anonymousId,
        ...(userId ? { userId } : {}),
        ...(options.liveSessionId ? { liveSessionId: options.liveSessionId } : {}),
        ...(props ? { props } : {}),
      });
      if (pending.length > maxQueue) {
        pending = pending.slice(-maxQueue);
        if (!warnedFull) console.warn(`livedesk: more than ${maxQueue} events waiting; the oldest are dropped`);
        warnedFull = true;
      }
      if (pending.length >= maxBatch && retryTimer === null) void flush();
      else scheduleFlush();
    },
    identify: (userId) => identity.identify(userId),
    reset: () => identity.reset(),
    flush,
    get anonymousId() {
      return identity.anonymousId;
    },
    close() {
      exit();
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      clearFlushTimer();
      page?.removeEventListener('pagehide', exit);
      page?.document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
