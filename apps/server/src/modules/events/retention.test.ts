import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { EVENT_LOG_RETENTION_MS } from './service.js';
import { eventLog, ingestKey, postEvents, trackedEvent } from './test-kit.js';

const DAY = 86_400_000;

describe('tracking event retention', () => {
  const clock = new TestClock('frozen');
  let t: TestApp;
  let key: string;
  const countIds = async () =>
    Number((await t.livedesk.infra.db.kysely.selectFrom('tracked_event_ids').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTestApp({ LIVEDESK_EVENT_DEDUPE_DAYS: '10' }, { clock });
    key = await ingestKey(t, ['events:ingest:trusted']);
  });
  afterAll(() => t.close());

  it('drops log rows after 8 days and ids after the dedupe horizon, in chunks, then takes a resend as new', async () => {
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 1000 }, () => trackedEvent({ ts: clock.now() })));
    for (const events of batches) expect((await postEvents(t, key, { events })).body.accepted).toBe(1000);
    const sweep = t.livedesk.eventRetention;

    clock.advance(EVENT_LOG_RETENTION_MS);
    expect(await sweep.runOnce()).toBe(0);
    clock.advance(1);
    expect(await sweep.runOnce()).toBe(6);
    expect(await eventLog(t)).toEqual([]);
    expect(await countIds()).toBe(6000);
    expect((await postEvents(t, key, { events: batches[0] })).body).toMatchObject({ accepted: 0, duplicates: 1000 });

    clock.advance(10 * DAY - EVENT_LOG_RETENTION_MS);
    expect(await sweep.runOnce()).toBe(6000);
    expect(await countIds()).toBe(0);
    expect((await postEvents(t, key, { events: batches[0] })).body).toMatchObject({ accepted: 1000, duplicates: 0 });
  });

  it('reads the dedupe horizon from LIVEDESK_EVENT_DEDUPE_DAYS: 30 days unless set, never under the 7 days an event may be late', () => {
    expect(loadConfig({}).eventDedupeMs).toBe(30 * DAY);
    expect(loadConfig({ LIVEDESK_EVENT_DEDUPE_DAYS: '90' }).eventDedupeMs).toBe(90 * DAY);
    for (const days of ['6', 'forever', '1.5']) {
      expect(() => loadConfig({ LIVEDESK_EVENT_DEDUPE_DAYS: days }), days).toThrow(ConfigError);
    }
  });
});
