import { MAX_EVENTS_PER_BATCH } from '@livedesk/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from './backoff.js';
import { Collector, MemoryStorage } from './testing/collector.js';
import { createTracker, SERVER_MAX_BATCH, type Tracker, type TrackerOptions } from './tracker.js';
import { bodiesOfAtMost, type Transport } from './transport.js';

// The tracker on Node's real fetch against a real HTTP server: what a page's fetch would meet, minus the
// browser-only parts (beacons, localStorage across reloads), which tracker.browser.test.ts covers.

const WRITE_KEY = 'ldk_test_write_key';
const fastRetry = { baseMs: 5, maxMs: 20 };

describe('createTracker over HTTP', () => {
  let collector: Collector;
  let endpoint: string;
  const trackers: Tracker[] = [];
  const tracker = (options: Partial<TrackerOptions> = {}) => {
    const made = createTracker({ endpoint, writeKey: WRITE_KEY, storage: new MemoryStorage(), flushIntervalMs: 60_000, retry: fastRetry, ...options });
    trackers.push(made);
    return made;
  };

  beforeEach(async () => {
    collector = new Collector();
    endpoint = `${await collector.start()}/api/v1/events`;
  });
  afterEach(async () => {
    for (const t of trackers.splice(0)) t.close();
    vi.restoreAllMocks();
    await collector.close();
  });

  it('sends a batch as soon as it is full, with the key as a bearer token', async () => {
    const t = tracker({ maxBatch: 3, liveSessionId: 'show-1' });
    const before = Date.now();
    for (let i = 0; i < 7; i++) t.track('product.exposure', { productId: `p${i}` });
    const received = await collector.waitFor(2);
    expect(received.map((r) => r.events.length)).toEqual([3, 3]);
    expect(received[0]!.headers.authorization).toBe(`Bearer ${WRITE_KEY}`);
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.url).toBe('/api/v1/events');

    await t.flush();
    expect(collector.received.map((r) => r.events.length)).toEqual([3, 3, 1]);
    const events = collector.events;
    expect(events.map((e) => e.props?.productId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    for (const event of events) {
      expect(event).toMatchObject({ type: 'product.exposure', liveSessionId: 'show-1', anonymousId: t.anonymousId });
      expect(event.ts).toBeGreaterThanOrEqual(before);
      expect(event.ts).toBeLessThanOrEqual(Date.now());
      expect(event.userId).toBeUndefined();
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(7);
  });

  it('sends what is pending when the interval comes round, without a flush call', async () => {
    const t = tracker({ flushIntervalMs: 20 });
    t.track('like', { count: 3 });
    t.track('share');
    const [batch] = await collector.waitFor(1);
    expect(batch!.events.map((e) => e.type)).toEqual(['like', 'share']);
    expect(batch!.events[1]!.props).toBeUndefined();
  });

  it('retries the same events after a 503, a 429 and a dropped connection, then goes on', async () => {
    collector.answer({ status: 503, body: { error: { code: 'unavailable', message: 'restarting' } } }, { status: 429, headers: { 'retry-after': '0' } }, 'drop');
    const t = tracker();
    t.track('cart.add', { productId: 'p1', skuId: 's1', quantity: 1 });
    t.track('product.click', { productId: 'p1' });
    await t.flush();
    const attempts = await collector.waitFor(4);
    const ids = attempts.map((r) => r.events.map((e) => e.id).join());
    expect(new Set(ids).size).toBe(1);
    expect(attempts[0]!.events).toHaveLength(2);

    t.track('share');
    await t.flush();
    expect(collector.received).toHaveLength(5);
    expect(collector.received[4]!.events.map((e) => e.type)).toEqual(['share']);
  });

  it('keeps events tracked during a retry wait behind the failed ones', async () => {
    collector.answer({ status: 500 });
    const t = tracker({ retry: { baseMs: 50, maxMs: 50 } });
    t.track('first');
    await t.flush();
    t.track('second');
    await t.flush();
    const received = await collector.waitFor(2);
    expect(received[1]!.events.map((e) => e.type)).toEqual(['first', 'second']);
  });

  it('gives up on a 400, with a warning, and drops those events', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    collector.answer({ status: 400, body: { error: { code: 'validation', message: 'Send a JSON object' } } });
    const t = tracker();
    t.track('doomed');
    await t.flush();
    expect(collector.received).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropped 1 events: HTTP 400 validation: Send a JSON object'));

    t.track('next');
    await t.flush();
    expect(collector.received).toHaveLength(2);
    expect(collector.received[1]!.events.map((e) => e.type)).toEqual(['next']);
  });

  it('warns about events the server refused one by one, and does not send them again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    collector.answer({ status: 202, body: { accepted: 1, duplicates: 0, rejected: [{ index: 1, code: 'invalid_event', message: 'bad props' }] } });
    const t = tracker();
    t.track('product.click', { productId: 'p1' });
    t.track('product.click');
    await t.flush();
    await t.flush();
    expect(collector.received).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('1 of 2 events were refused (invalid_event)'));
  });

  it('marks events after identify with the user id, and forgets it on reset', async () => {
    const storage = new MemoryStorage();
    const t = tracker({ storage });
    t.track('before');
    t.identify('buyer-42');
    t.track('after');
    await t.flush();
    expect(collector.events.map((e) => e.userId)).toEqual([undefined, 'buyer-42']);

    // A later page load on the same device is still the same person.
    const again = tracker({ storage });
    expect(again.anonymousId).toBe(t.anonymousId);
    again.track('returning');
    await again.flush();
    expect(collector.events.at(-1)).toMatchObject({ userId: 'buyer-42', anonymousId: t.anonymousId });

    const firstDevice = again.anonymousId;
    again.reset();
    again.track('logged-out');
    await again.flush();
    const last = collector.events.at(-1)!;
    expect(last.userId).toBeUndefined();
    expect(last.anonymousId).not.toBe(firstDevice);
    expect(tracker({ storage }).anonymousId).toBe(last.anonymousId);
  });

  it('keeps one anonymous id for the page when the storage throws or there is none', async () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const t = tracker({ storage: broken });
    t.track('one');
    t.identify('buyer-1');
    t.track('two');
    await t.flush();
    expect(collector.events.map((e) => [e.anonymousId, e.userId])).toEqual([
      [t.anonymousId, undefined],
      [t.anonymousId, 'buyer-1'],
    ]);
    expect(tracker({ storage: null }).anonymousId).not.toBe(t.anonymousId);
  });

  it('uses a given device id instead of making one', () => {
    const storage = new MemoryStorage();
    expect(tracker({ storage, anonymousId: 'viewer-device-1' }).anonymousId).toBe('viewer-device-1');
    expect(storage.items.size).toBe(0);
  });

  it('hands batches to a custom transport, at most maxBatch at a time', async () => {
    const batches: string[][] = [];
    const transport: Transport = {
      send: async (events) => {
        batches.push(events.map((e) => e.type));
        return { kind: 'sent' };
      },
    };
    const t = tracker({ transport, maxBatch: 2, endpoint: undefined, writeKey: undefined });
    for (const type of ['a', 'b', 'c']) t.track(type);
    await t.flush();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    expect(collector.received).toHaveLength(0);
  });

  it('needs an endpoint and a key, or a transport', () => {
    expect(() => createTracker({ storage: null })).toThrow(/endpoint and writeKey/);
  });
});

describe('retry waits', () => {
  it('double up to the cap, jittered within the upper half', () => {
    const backoff = { baseMs: 1000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 0.999_999, backoff))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect([0, 1, 2, 5].map((n) => backoffDelay(n, 0, backoff))).toEqual([500, 1000, 2000, 15_000]);
  });
});

describe('beacon bodies', () => {
  const event = (i: number) => ({ id: `id-${i}`, type: 'comment', ts: 1, anonymousId: 'a', props: { text: 'x'.repeat(100) } });

  it('split a large exit into JSON bodies under the limit, keeping every event once and in order', () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i));
    const bodies = bodiesOfAtMost(events, 1000);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(1000);
    expect(bodies.flatMap((b) => (JSON.parse(b) as { events: { id: string }[] }).events.map((e) => e.id))).toEqual(events.map((e) => e.id));
  });
});

it('caps batches at the server limit', () => {
  expect(SERVER_MAX_BATCH).toBe(MAX_EVENTS_PER_BATCH);
});
