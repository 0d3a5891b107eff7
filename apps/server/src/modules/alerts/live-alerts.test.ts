import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { event, setClock, tracker, type Viewer } from '../analytics/test-kit.js';
import { SETTLE_MS } from './evaluator.js';
import { MINUTE_MS } from './rules.js';

/** The whole path in one app: tracking events → the real aggregator → the wired alert sweep → the history. */
describe('alerts on a real show', () => {
  const clock = new TestClock('frozen');
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    token = (await t.login()).token;
  });
  afterAll(() => t.close());

  const alertsOf = async (liveSessionId: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/alerts?liveSessionId=${liveSessionId}`, token })).body.items as { minute: number; value: number; ruleName: string }[];

  it('scores the minute the room emptied once it is complete and settled, not while it fills', async () => {
    setClock(clock, Math.ceil((clock.now() + 1) / MINUTE_MS) * MINUTE_MS);
    const show = await createShow(t, token, { title: '散场检测' }, 'start');
    const S = show.startedAt!;
    const rule = await t.request({
      method: 'POST',
      url: '/api/v1/alerts/rules',
      token,
      body: { name: '在线过低', liveSessionId: show.id, metric: 'online', condition: { kind: 'threshold', op: '<', value: 10 } },
    });
    expect(rule.status).toBe(201);

    // 30 viewers come in during minute 0; 25 of them leave 20 s into minute 2.
    const viewers: Viewer[] = Array.from({ length: 30 }, (_, i) => ({ anonymousId: `viewer-${show.id}-${i}` }));
    const track = await tracker(t);
    setClock(clock, S + 2 * MINUTE_MS + 30_000);
    await track([
      ...viewers.map((v, i) => event(v, show.id, 'room.enter', S + 1_000 + i * 100)),
      ...viewers.slice(0, 25).map((v) => event(v, show.id, 'room.leave', S + 2 * MINUTE_MS + 20_000)),
    ]);
    await t.livedesk.analytics.catchUp();
    const series = await t.livedesk.analytics.series(show.orgId, show.id);
    expect(series.fillingMinute).toBe(S + 2 * MINUTE_MS);
    expect(series.minutes.map((m) => m.online)).toEqual([30, 30, 5]);

    // Minute 2 is filling (5 inside so far): the sweep scores minute 1 only.
    await t.livedesk.alertSweep.runOnce();
    expect(await alertsOf(show.id)).toEqual([]);

    // Minute 2 completes, but has not settled yet.
    setClock(clock, S + 3 * MINUTE_MS + SETTLE_MS - 1_000);
    await t.livedesk.analytics.catchUp();
    await t.livedesk.alertSweep.runOnce();
    expect(await alertsOf(show.id)).toEqual([]);

    setClock(clock, S + 3 * MINUTE_MS + SETTLE_MS);
    await t.livedesk.alertSweep.runOnce();
    await t.livedesk.alertSweep.runOnce();
    expect(await alertsOf(show.id)).toMatchObject([{ ruleName: '在线过低', minute: S + 2 * MINUTE_MS, value: 5 }]);

    // The curves of the show carry the alert.
    const metrics = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/metrics`, token });
    expect(metrics.body.markers).toContainEqual({ kind: 'alert', startAt: S + 2 * MINUTE_MS, endAt: S + 3 * MINUTE_MS, label: '在线过低：在线人数 5 < 10', productId: null });
  });
});
