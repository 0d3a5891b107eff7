import {
  MAX_EVENT_AGE_MS,
  MAX_EVENTS_BODY_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_FUTURE_SKEW_MS,
  MAX_PROPS_BYTES,
} from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { eventLog, ingestKey, postEvents, storedEvents, trackedEvent } from './test-kit.js';

describe('POST /api/v1/events', () => {
  const clock = new TestClock('frozen');
  let t: TestApp;
  let orgId: string;
  let key: string;
  let trusted: string;
  let show: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const owner = await t.login();
    orgId = owner.org.id;
    key = await ingestKey(t, ['events:ingest']);
    trusted = await ingestKey(t, ['events:ingest:trusted']);
    show = (await createShow(t, owner.token)).id;
  });
  afterAll(() => t.close());

  const at = (offsetMs = 0) => clock.now() + offsetMs;

  it('keeps the good events of a batch and says why each other one was refused', async () => {
    const good = [
      trackedEvent({ type: 'room.enter', ts: at(), liveSessionId: show }),
      trackedEvent({ type: 'comment', ts: at(), liveSessionId: show, userId: 'buyer-1', props: { text: '有M码吗' } }),
      trackedEvent({ type: 'like', ts: at(MAX_FUTURE_SKEW_MS), props: { count: 3 } }),
      trackedEvent({ type: 'share', ts: at(-MAX_EVENT_AGE_MS) }),
    ];
    const batch = [
      good[0],
      trackedEvent({ anonymousId: undefined }),
      trackedEvent({ ts: String(at()) }),
      good[1],
      trackedEvent({ type: 'comment', props: { text: 42 } }),
      42,
      trackedEvent({ ts: at(MAX_FUTURE_SKEW_MS + 1) }),
      trackedEvent({ liveSessionId: 'no-such-show' }),
      trackedEvent({ type: 'order.pay', props: { orderId: 'o1', amountFen: 100, items: [] } }),
      trackedEvent({ ts: at(-MAX_EVENT_AGE_MS - 1) }),
      good[2],
      trackedEvent({ type: 'gift', props: { giftId: 'rose' } }),
      trackedEvent({ type: 'has space' }),
      trackedEvent({ type: 'signup', props: { note: 'x'.repeat(MAX_PROPS_BYTES) } }),
      good[3],
    ];
    const res = await postEvents(t, key, { events: batch });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(good.length);
    expect(res.body.duplicates).toBe(0);
    expect(res.body.rejected.map((r: { index: number; code: string; field?: string }) => [r.index, r.code, r.field])).toEqual([
      [1, 'missing_anonymous_id', 'anonymousId'],
      [2, 'invalid_event', 'ts'],
      [4, 'invalid_event', 'props.text'],
      [5, 'invalid_event', undefined],
      [6, 'future_ts', 'ts'],
      [7, 'unknown_session', 'liveSessionId'],
      [8, 'forbidden_type', 'type'],
      [9, 'too_old', 'ts'],
      [11, 'invalid_event', 'props.valueFen'],
      [12, 'invalid_event', 'type'],
      [13, 'invalid_event', 'props'],
    ]);
    for (const r of res.body.rejected) expect(r.message).toEqual(expect.any(String));

    const sent = batch.filter((e): e is ReturnType<typeof trackedEvent> => typeof e === 'object');
    const stored = await storedEvents(t, sent.map((e) => e.id));
    expect(stored.map((e) => e.id)).toEqual(good.map((e) => e.id));
    expect(stored[1]).toEqual({ ...good[1], orgId, receivedAt: clock.now() });
  });

  it("keeps the client's ts as sent and stamps the server's receive time beside it", async () => {
    const late = trackedEvent({ ts: at(-3_600_000) });
    await postEvents(t, key, { events: [late] });
    clock.advance(1234);
    const [stored] = await storedEvents(t, [late.id]);
    expect(stored!.ts).toBe(late.ts);
    expect(stored!.receivedAt).toBe(at(-1234));
  });

  it('accepts custom event types with whatever props they carry', async () => {
    const signup = trackedEvent({ type: 'signup', userId: 'buyer-9', props: { plan: 'vip', referrer: { code: 'abc', depth: 2 } } });
    const res = await postEvents(t, key, { events: [signup] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await storedEvents(t, [signup.id])).toEqual([{ ...signup, orgId, receivedAt: clock.now() }]);
  });

  it('counts a resent batch as duplicates and stores nothing again, ids repeated inside a batch too', async () => {
    const batch = [trackedEvent(), trackedEvent({ type: 'like' }), trackedEvent({ type: 'share' })];
    const first = await postEvents(t, key, { events: [...batch, batch[0]] });
    expect(first.body).toEqual({ accepted: 3, duplicates: 1, rejected: [] });
    const rowsBefore = (await eventLog(t)).length;
    const again = await postEvents(t, key, { events: batch });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    expect((await eventLog(t)).length).toBe(rowsBefore);
    expect(await storedEvents(t, batch.map((e) => e.id))).toHaveLength(3);
  });

  it('stores one log row per batch, of the key\'s org, with the fresh events only', async () => {
    const seen = trackedEvent();
    await postEvents(t, key, { events: [seen] });
    const fresh = [trackedEvent(), trackedEvent()];
    await postEvents(t, key, { events: [seen, ...fresh] });
    const last = (await eventLog(t)).at(-1)!;
    expect(last).toMatchObject({ orgId, receivedAt: clock.now(), eventCount: 2 });
    expect(last.events.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
  });

  it('takes order.* and events of any age only from a trusted key', async () => {
    const pay = trackedEvent({ type: 'order.pay', liveSessionId: show, userId: 'buyer-2', props: { orderId: 'o-9', amountFen: 9900, items: [{ skuId: 's1', quantity: 1, priceFen: 9900 }] } });
    const history = trackedEvent({ type: 'room.enter', ts: at(-30 * 86_400_000) });
    const untrusted = await postEvents(t, key, { events: [pay, history] });
    expect(untrusted.body.rejected.map((r: { code: string }) => r.code)).toEqual(['forbidden_type', 'too_old']);
    const res = await postEvents(t, trusted, { events: [pay, history] });
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect((await storedEvents(t, [pay.id, history.id])).map((e) => e.type)).toEqual(['order.pay', 'room.enter']);
    // still checked against the contract: a trusted key sends valid commerce events or none
    const bad = await postEvents(t, trusted, { events: [trackedEvent({ type: 'order.refund', props: { orderId: 'o-9' } })] });
    expect(bad.body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'invalid_event', field: 'props.amountFen' })]);
  });

  it('refuses a malformed request whole with 400 validation and stores nothing', async () => {
    const rowsBefore = (await eventLog(t)).length;
    const asJson = { 'content-type': 'application/json' };
    for (const body of [[trackedEvent()], '"events"', 'null', '', { events: 'many' }, { events: [] }, {}]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/events', token: key, body, headers: asJson });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation');
    }
    const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => trackedEvent());
    const res = await postEvents(t, key, { events: tooMany });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation', details: { max: 1000, got: 1001 } });
    expect((await eventLog(t)).length).toBe(rowsBefore);
    expect(await storedEvents(t, [tooMany[0]!.id])).toEqual([]);
  });

  it('refuses a body over 1 MB with 413 payload_too_large', async () => {
    const padded = Array.from({ length: 200 }, () => trackedEvent({ type: 'signup', props: { pad: 'x'.repeat(MAX_PROPS_BYTES - 100) } }));
    expect(JSON.stringify({ events: padded }).length).toBeGreaterThan(MAX_EVENTS_BODY_BYTES);
    const res = await postEvents(t, key, { events: padded });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: { limitBytes: MAX_EVENTS_BODY_BYTES } });
    expect(await storedEvents(t, [padded[0]!.id])).toEqual([]);
  });

  it('needs an API key with an ingest scope', async () => {
    const body = { events: [trackedEvent()] };
    expect((await postEvents(t, undefined, body)).status).toBe(401);
    expect((await postEvents(t, 'ldk_not-a-key-at-all', body)).status).toBe(401);
    const reader = await ingestKey(t, ['audit:read']);
    const denied = await postEvents(t, reader, body);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect(await storedEvents(t, [body.events[0]!.id])).toEqual([]);
  });

  it('may be called from any origin: a preflight is answered, and answers and errors carry the CORS header', async () => {
    const preflight = await t.request({ method: 'OPTIONS', url: '/api/v1/events', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type' });
    const key = await ingestKey(t, ['events:ingest']);
    const accepted = await postEvents(t, key, { events: [trackedEvent()] });
    expect(accepted.headers['access-control-allow-origin']).toBe('*');
    const refused = await postEvents(t, undefined, { events: [trackedEvent()] });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
  });

  it('nudges onAccepted listeners after a commit that stored events, not after a resend', async () => {
    const logged: number[] = [];
    const stop = t.livedesk.services.events.onAccepted(() => logged.push(clock.now()));
    try {
      const batch = [trackedEvent()];
      await postEvents(t, key, { events: batch });
      expect(logged).toHaveLength(1);
      expect(await storedEvents(t, [batch[0]!.id])).toHaveLength(1);
      await postEvents(t, key, { events: batch });
      await postEvents(t, key, { events: [trackedEvent({ anonymousId: '' })] });
      expect(logged).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe('POST /api/v1/events across a restart', () => {
  it('still knows the ids it stored before the restart', async () => {
    const first = await startTestApp();
    let restarted: TestApp | undefined;
    try {
      const key = await ingestKey(first, ['events:ingest']);
      const batch = [trackedEvent(), trackedEvent({ type: 'like' })];
      expect((await postEvents(first, key, { events: batch })).body.accepted).toBe(2);
      await first.livedesk.close();
      restarted = await startTestApp({}, { joining: first });
      const again = await postEvents(restarted, key, { events: [...batch, trackedEvent()] });
      expect(again.body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
      expect(await storedEvents(restarted, batch.map((e) => e.id))).toHaveLength(2);
    } finally {
      await restarted?.close();
      await first.close();
    }
  });
});

describe('POST /api/v1/events and the rate limit', () => {
  it('is limited by its API key, not by the per-caller request rate', async () => {
    const t = await startTestApp({ LIVEDESK_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const key = await ingestKey(t, ['events:ingest']);
      for (let i = 0; i < 6; i++) expect((await postEvents(t, key, { events: [trackedEvent()] })).status).toBe(202);
      const reader = await ingestKey(t, ['audit:read']);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.request({ method: 'GET', url: '/api/v1/audit-log', token: reader })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });
});
