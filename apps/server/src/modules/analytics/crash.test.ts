import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { LiveAggregator } from './aggregator.js';
import { loadPositions } from './repo.js';
import { outboxSource, trackedSource } from './sources.js';
import { MINUTE_MS } from './state.js';
import { event, handBuiltShow, metricsOf, setClock, tracker } from './test-kit.js';

/*
 * The app's own aggregator is never started here: the aggregators are built by the tests, all with one
 * holder id, as one node restarting would be (a new process id would only wait out the lease). The API
 * reads what they checkpoint, as any node that does not aggregate does.
 */
const clock = new TestClock('frozen');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
});
afterAll(() => t.close());

/** An aggregator reading one log row per source and pass, checkpointing only when told: every pass is a place to crash. */
const aggregator = () =>
  new LiveAggregator({
    db: t.livedesk.infra.db,
    sources: [trackedSource(t.livedesk.infra.db), outboxSource(t.livedesk.infra.db)],
    clock,
    markers: [],
    holderId: 'node-1',
    pageSize: 1,
    checkpointEveryMs: Number.MAX_SAFE_INTEGER,
  });

describe('kill -9', () => {
  it('resumes from the last checkpoint with the same numbers as a run that never crashed', async () => {
    let current = aggregator();
    let crashes = 0;
    await handBuiltShow(t, clock, async () => {
      // A pass, a checkpoint, two more passes, then the process dies before its next checkpoint: the
      // passes after the checkpoint are lost with it and must be read again, and counted once.
      await current.runOnce();
      await current.checkpoint();
      await current.runOnce();
      await current.runOnce();
      current = aggregator();
      crashes++;
      await current.catchUp();
      await current.checkpoint();
    });
    expect(crashes).toBe(3);
  });

  it('never reads a checkpointed page again: restarts change nothing', async () => {
    const token = (await t.login()).token;
    const track = await tracker(t);
    setClock(clock, Math.ceil((clock.now() + 1) / MINUTE_MS) * MINUTE_MS);
    const show = await createShow(t, token, { title: '重启' }, 'start');
    const S = show.startedAt!;
    setClock(clock, S + 5 * MINUTE_MS);
    for (let i = 0; i < 4; i++) {
      const viewer = { anonymousId: `restart-${show.id}-${i}` };
      await track([event(viewer, show.id, 'room.enter', S + i * 1_000), event(viewer, show.id, 'like', S + i * 1_000 + 500, { count: 2 })]);
    }
    const first = aggregator();
    await first.catchUp();
    await first.checkpoint();
    const counted = (await metricsOf(t, token, show.id)).metrics;
    expect(counted).toMatchObject({ pv: 4, uv: 4, likes: 8 });

    for (let restart = 0; restart < 2; restart++) {
      const again = aggregator();
      await again.catchUp();
      await again.checkpoint();
      expect((await metricsOf(t, token, show.id)).metrics).toEqual(counted);
    }
    const db = t.livedesk.infra.db.kysely;
    const heads = {
      tracked: (await db.selectFrom('tracked_event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq,
      outbox: (await db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq,
    };
    expect(JSON.parse((await loadPositions(db, 'aggregator'))!.positions)).toEqual(heads);
  });

  it('runs on its own: tells listeners what changed, checkpoints on stop and hands the lease over', async () => {
    const token = (await t.login()).token;
    const track = await tracker(t);
    setClock(clock, Math.ceil((clock.now() + 1) / MINUTE_MS) * MINUTE_MS);
    const show = await createShow(t, token, { title: '自己跑' }, 'start');
    setClock(clock, show.startedAt! + MINUTE_MS);
    const running = aggregator();
    const changed = new Promise<void>((resolve) => {
      running.onChange((ids) => {
        if (ids.includes(show.id)) resolve();
      });
    });
    running.start();
    await track([event({ anonymousId: `loop-${show.id}` }, show.id, 'room.enter', show.startedAt! + 1_000)]);
    running.nudge();
    await changed;
    await running.stop();
    // Nothing was checkpointed before stop (checkpoints are only on request here): stop() did it.
    expect((await metricsOf(t, token, show.id)).metrics).toMatchObject({ pv: 1, uv: 1 });
    const lease = await t.livedesk.infra.db.kysely.selectFrom('leases').selectAll().where('name', '=', 'analytics-aggregator').executeTakeFirst();
    expect(lease).toBeUndefined();
  });
});
