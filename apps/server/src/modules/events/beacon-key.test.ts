import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ingestKey, storedEvents, trackedEvent } from './test-kit.js';

// The SDK's beacon at page exit cannot set an Authorization header, so it sends its write key in `?key=`.

describe('POST /api/v1/events?key=', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const beacon = (url: string, events: unknown[]) => t.request({ method: 'POST', url, body: { events }, headers: { 'content-type': 'application/json' } });

  it('takes a key whose only scope is events:ingest', async () => {
    const key = await ingestKey(t, ['events:ingest']);
    const event = trackedEvent({ type: 'product.exposure', props: { productId: 'p1' } });
    const res = await beacon(`/api/v1/events?key=${encodeURIComponent(key)}`, [event]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await storedEvents(t, [event.id])).map((e) => e.type)).toEqual(['product.exposure']);
  });

  it('refuses in the URL a key that can do more, which it still takes in the header', async () => {
    for (const scopes of [['events:ingest:trusted'], ['events:ingest', 'orders:read']] as const) {
      const key = await ingestKey(t, [...scopes]);
      const res = await beacon(`/api/v1/events?key=${encodeURIComponent(key)}`, [trackedEvent()]);
      expect(res.status, scopes.join()).toBe(403);
      const inHeader = await t.request({ method: 'POST', url: '/api/v1/events', token: key, body: { events: [trackedEvent()] } });
      expect(inHeader.status, scopes.join()).toBe(202);
    }
  });

  it('is no sign-in anywhere else, nor with a key that is not valid', async () => {
    const key = await ingestKey(t, ['events:ingest', 'apikeys:manage']);
    expect((await t.request({ method: 'GET', url: '/api/v1/api-keys', token: key })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/api-keys?key=${encodeURIComponent(key)}` })).status).toBe(401);
    expect((await beacon('/api/v1/events?key=ldk_not_a_key', [trackedEvent()])).status).toBe(401);
    expect((await beacon('/api/v1/events', [trackedEvent()])).status).toBe(401);
  });
});
