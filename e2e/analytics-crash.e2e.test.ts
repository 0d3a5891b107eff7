import { afterAll, describe, expect, it } from 'vitest';
import { call } from './console.js';
import { startServer, type RunningServer } from './server.js';
import { batches, recordedShowEvents } from './show-events.js';

const HOUR = 3_600_000;

/** A server with a recorded show (started and ended an hour ago) and a trusted key to import its events. */
async function prepare(server: RunningServer) {
  const staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token as string;
  const key = (await call(server, 'POST', '/api/v1/api-keys', { name: 'import', scopes: ['events:ingest:trusted'] }, staff)).body.key as string;
  const productIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const product = await call(server, 'POST', '/api/v1/products', { title: `商品 ${n}`, skus: [{ skuCode: `P-${n}`, priceFen: 990, stock: 100 }] }, staff);
    productIds.push(product.body.id);
  }
  const startedAt = Date.now() - 2 * HOUR;
  const endedAt = startedAt + HOUR;
  const session = await call(server, 'POST', '/api/v1/live-sessions', { title: '回放导入', startedAt, endedAt }, staff);
  expect(session.status).toBe(201);
  const events = recordedShowEvents({ liveSessionId: session.body.id, startedAt, endedAt, viewers: 400, productIds, seed: 7 });
  return { staff, key, liveSessionId: session.body.id as string, events };
}

const metricsOf = async (server: RunningServer, staff: string, id: string) =>
  (await call(server, 'GET', `/api/v1/live-sessions/${id}/metrics`, undefined, staff)).body.metrics as Record<string, number | null>;

describe('analytics survive kill -9: no loss, no double count', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('a server killed in the middle of an import and restarted ends with the numbers of one that was not', async () => {
    const control = await startServer({ LIVEDESK_DEMO: '0' });
    servers.push(control);
    const reference = await prepare(control);
    for (const batch of batches(reference.events, 500)) {
      const res = await call(control, 'POST', '/api/v1/events', { events: batch }, reference.key);
      expect(res.body).toMatchObject({ accepted: batch.length, duplicates: 0, rejected: [] });
    }
    await expect.poll(async () => (await metricsOf(control, reference.staff, reference.liveSessionId)).pv, { timeout: 20_000 }).toBeGreaterThan(0);
    let expected = await metricsOf(control, reference.staff, reference.liveSessionId);
    // Settled when two reads a second apart agree.
    await expect
      .poll(async () => {
        await new Promise((r) => setTimeout(r, 1000));
        const again = await metricsOf(control, reference.staff, reference.liveSessionId);
        const settled = JSON.stringify(again) === JSON.stringify(expected);
        expected = again;
        return settled;
      }, { timeout: 20_000 })
      .toBe(true);
    expect(expected.gmvFen).toBeGreaterThan(0);
    expect(expected.refundFen).toBeGreaterThan(0);

    let server = await startServer({ LIVEDESK_DEMO: '0' });
    servers.push(server);
    const show = await prepare(server);
    const parts = batches(show.events, 250);
    const half = Math.floor(parts.length / 2);
    for (const batch of parts.slice(0, half)) expect((await call(server, 'POST', '/api/v1/events', { events: batch }, show.key)).status).toBe(202);
    // Killed while batches are in flight: some land, some do not, the aggregator is mid-work.
    const inFlight = parts.slice(half).map((batch) => call(server, 'POST', '/api/v1/events', { events: batch }, show.key).catch(() => null));
    await new Promise((r) => setTimeout(r, 150));
    await server.kill();
    await Promise.all(inFlight);

    server = await startServer({ LIVEDESK_DEMO: '0' }, { dataDir: server.dataDir, owner: server.owner });
    servers.push(server);
    const staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token as string;
    // The importer resends everything it is not sure of — here, all of it: what had landed is a duplicate.
    let accepted = 0;
    let duplicates = 0;
    for (const batch of parts) {
      const res = await call(server, 'POST', '/api/v1/events', { events: batch }, show.key);
      expect(res.status).toBe(202);
      accepted += res.body.accepted;
      duplicates += res.body.duplicates;
    }
    expect(accepted + duplicates).toBe(show.events.length);
    expect(duplicates).toBeGreaterThanOrEqual(half * 250);
    await expect.poll(() => metricsOf(server, staff, show.liveSessionId), { timeout: 30_000, interval: 500 }).toEqual(expected);

    // Sending the whole show once more changes nothing.
    for (const batch of parts) expect((await call(server, 'POST', '/api/v1/events', { events: batch }, show.key)).body).toMatchObject({ accepted: 0, duplicates: batch.length });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await metricsOf(server, staff, show.liveSessionId)).toEqual(expected);
  });
});
