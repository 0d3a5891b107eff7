import { createHmac, randomBytes } from 'node:crypto';
import type { AlertRuleInput, AlertServerFrame, MinuteBucket } from '@livedesk/contracts';
import { AlertRuleBody } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/actor.js';
import { PiiCipher } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { TestClock } from '../../testing/clock.js';
import type { Db } from '../../infra/db/port.js';
import { createMemoryFanout } from '../../infra/fanout/memory.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../infra/testing/db.js';
import { waitFor } from '../../infra/testing/wait.js';
import type { SessionSeries } from '../analytics/ports.js';
import { AuditService } from '../audit/service.js';
import { AlertEvaluator, SETTLE_MS } from './evaluator.js';
import { alertsChannel, AlertNotifier } from './notifier.js';
import { MINUTE_MS } from './rules.js';
import { AlertsService } from './service.js';
import { minutesOf, seriesReader, startReceiver, type Receiver } from './test-kit.js';

describe.each(testDialects)('alert evaluator on %s', (dialect) => {
  let database: TestDatabase;
  let receiver: Receiver;
  const clock = new TestClock('frozen');
  const fanout = createMemoryFanout();
  const pii = new PiiCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', hashKey: randomBytes(32) });
  const series = new Map<string, SessionSeries>();
  const errors: unknown[] = [];
  const sendOptions = { timeoutMs: 2_000, retryDelayMs: 10 };
  /** a minute boundary a little before the clock's now */
  const START = Math.floor(clock.now() / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await fanout.close();
    await database.destroy();
  });

  const notifier = (db: Db) => new AlertNotifier(db, pii, fanout, clock, sendOptions);
  const evaluator = (db: Db = database.db) =>
    new AlertEvaluator({ db, metrics: seriesReader(series), notifier: notifier(db), clock, onError: (err) => errors.push(err) });

  /** A shop of its own per test, so shows and rules of one test never meet another's. */
  async function shop() {
    const orgId = newId();
    await database.db.kysely.insertInto('orgs').values({ id: orgId, name: 'Shop', slug: `s-${orgId}`, timezone: 'Asia/Shanghai', created_at: clock.now() }).execute();
    const actor: Actor = { kind: 'user', id: newId(), name: '运营小王', orgId, role: 'operator', permissions: new Set(), ip: null, requestId: null };
    const alerts = new AlertsService(database.db, pii, new AuditService(database.db, fanout, clock), notifier(database.db), clock);
    const addRule = (rule: AlertRuleInput) => alerts.createRule(actor, AlertRuleBody.parse(rule));
    const alertRows = () => database.db.kysely.selectFrom('alerts').selectAll().where('org_id', '=', orgId).orderBy('minute').execute();
    return { orgId, actor, alerts, addRule, alertRows };
  }

  async function addShow(orgId: string, status: 'live' | 'ended', startedAt: number) {
    const id = newId();
    await database.db.kysely
      .insertInto('live_sessions')
      .values({
        id, org_id: orgId, title: `直播 ${id.slice(-4)}`, cover_url: null, anchors: '[]', status,
        scheduled_start_at: null, scheduled_end_at: null, started_at: startedAt, ended_at: status === 'ended' ? startedAt + 3_600_000 : null,
        stream_secret: 'x', publisher_gone_at: null, created_by: null, created_at: startedAt, updated_at: startedAt,
      })
      .execute();
    return id;
  }

  /** The aggregator's view of a show: `values` per minute from its start, the last one still filling while live. */
  function setSeries(orgId: string, id: string, minutes: MinuteBucket[], live = true) {
    series.set(id, {
      liveSessionId: id, orgId, startedAt: minutes[0]!.minute, endedAt: live ? null : minutes.at(-1)!.minute + MINUTE_MS,
      minutes, fillingMinute: live ? minutes.at(-1)!.minute : null,
    });
  }
  const online = (values: number[], start = START) => minutesOf(start, values, (v) => ({ online: v }));

  it('scores each newly completed minute once and never the one still filling', async () => {
    const { orgId, addRule, alertRows } = await shop();
    const showId = await addShow(orgId, 'live', START);
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    const node = evaluator();

    // The filling minute reads 3 so far; the last complete one had 120.
    setSeries(orgId, showId, online([100, 120, 3]));
    await node.run();
    expect(await alertRows()).toEqual([]);

    // That minute completes at 10 and the next starts filling.
    setSeries(orgId, showId, online([100, 120, 10, 0]));
    expect(await node.run()).toBe(1);
    expect(await node.run()).toBe(0);
    const [alert] = await alertRows();
    expect(alert).toMatchObject({ live_session_id: showId, minute: START + 2 * MINUTE_MS, rule_name: '在线过低' });
    expect(alert!.message).toBe('在线过低：在线人数 10 < 50');

    // A second sweeper (a restarted node) finds the minute claimed.
    expect(await evaluator().run()).toBe(0);
    expect(await alertRows()).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('waits for a complete minute to settle before scoring it', async () => {
    const { orgId, addRule, alertRows } = await shop();
    // The last complete minute ended 5 s ago: late events may still be on their way to the aggregator.
    const start = clock.now() - 5_000 - 2 * MINUTE_MS;
    const showId = await addShow(orgId, 'live', start);
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    setSeries(orgId, showId, online([100, 10, 0], start));
    const node = evaluator();
    await node.run();
    expect(await alertRows()).toEqual([]);
    clock.advance(SETTLE_MS - 5_000);
    expect(await node.run()).toBe(1);
    expect((await alertRows()).map((a) => a.minute)).toEqual([start + MINUTE_MS]);
  });

  it('meeting a rule for the first time scores only the latest complete minute', async () => {
    const { orgId, addRule, alertRows } = await shop();
    const showId = await addShow(orgId, 'live', START);
    // Minute 1 was low long ago; the rule is new.
    setSeries(orgId, showId, online([100, 5, 100, 100, 0]));
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    expect(await evaluator().run()).toBe(0);
    const claimed = await database.db.kysely.selectFrom('alert_evaluations').select('minute').where('live_session_id', '=', showId).execute();
    expect(claimed.map((c) => c.minute)).toEqual([START + 3 * MINUTE_MS]);
    expect(await alertRows()).toEqual([]);
  });

  it('two sweepers at once (two nodes on PostgreSQL) fire one alert', async () => {
    const { orgId, addRule, alertRows } = await shop();
    const showId = await addShow(orgId, 'live', START);
    await addRule({ name: '评论为零', metric: 'comments', condition: { kind: 'threshold', op: '<=', value: 0 } });
    setSeries(orgId, showId, minutesOf(START, [40, 0, 0], (v) => ({ comments: v })));
    // Embedded mode is one process with one SQLite connection by design; a cluster has a pool per node.
    const other = dialect === 'postgres' ? await database.connect() : database.db;
    const fired = await Promise.all([evaluator().run(), evaluator(other).run(), evaluator(other).run()]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await alertRows()).toHaveLength(1);
  });

  it('a rule fires at most once per cooldown in a show', async () => {
    const { orgId, addRule, alertRows } = await shop();
    const showId = await addShow(orgId, 'live', START);
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 }, cooldownMinutes: 3 });
    const node = evaluator();
    const values = [100];
    for (let i = 0; i < 7; i++) {
      values.push(10);
      setSeries(orgId, showId, online([...values, 0]));
      await node.run();
    }
    // Low from minute 1 to 7: fires at 1, quiet at 2 and 3, fires at 4, quiet at 5 and 6, fires at 7.
    expect((await alertRows()).map((a) => (a.minute - START) / MINUTE_MS)).toEqual([1, 4, 7]);
  });

  it('org-wide rules watch every show of the org, a show\'s own rule only that show, and never another org\'s', async () => {
    const a = await shop();
    const b = await shop();
    const [first, second] = [await addShow(a.orgId, 'live', START), await addShow(a.orgId, 'live', START)];
    const elsewhere = await addShow(b.orgId, 'live', START);
    for (const [org, id] of [[a.orgId, first], [a.orgId, second], [b.orgId, elsewhere]] as const) setSeries(org, id, online([100, 10, 0]));
    await a.addRule({ name: '全店', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    await a.addRule({ name: '只看第一场', liveSessionId: first, metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    await evaluator().run();
    const fired = (await a.alertRows()).map((r) => `${r.rule_name}@${r.live_session_id}`).sort();
    expect(fired).toEqual([`全店@${first}`, `全店@${second}`, `只看第一场@${first}`].sort());
    expect(await b.alertRows()).toEqual([]);
  });

  it('a show the aggregator does not know yet is skipped quietly', async () => {
    const { orgId, addRule, alertRows } = await shop();
    await addShow(orgId, 'live', START);
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 } });
    const before = errors.length;
    await evaluator().run();
    expect(errors.length).toBe(before);
    expect(await alertRows()).toEqual([]);
  });

  it('scores against past shows at the same minute after their start', async () => {
    const { orgId, addRule, alertRows } = await shop();
    const pastOrders = [90, 95, 100, 100, 105, 110];
    for (const [i, atThree] of pastOrders.entries()) {
      const start = START - (i + 1) * 86_400_000;
      const id = await addShow(orgId, 'ended', start);
      setSeries(orgId, id, minutesOf(start, [300, 300, 300, atThree, 300], (v) => ({ paidOrders: v })), false);
    }
    const showId = await addShow(orgId, 'live', START);
    await addRule({ name: '成交骤降', metric: 'paidOrders', condition: { kind: 'zscore', baseline: 'past_shows', direction: 'down' } });
    // Minute 3 tonight has 20 orders against 90–110 in the six shows before.
    setSeries(orgId, showId, minutesOf(START, [300, 300, 300, 20, 0], (v) => ({ paidOrders: v })));
    expect(await evaluator().run()).toBe(1);
    const [alert] = await alertRows();
    expect(JSON.parse(alert!.detail)).toMatchObject({ value: 20, finding: { kind: 'zscore', baseline: 'past_shows', median: 100, mad: 5, points: 6 } });
  });

  it('pushes the alert to consoles, delivers to the rule\'s enabled channels and records each delivery', async () => {
    const { orgId, actor, alerts, addRule, alertRows } = await shop();
    const showId = await addShow(orgId, 'live', START);
    const secret = 'whsec-evaluator-0123456789';
    const hook = await alerts.createChannel(actor, { name: '值班 webhook', kind: 'webhook', url: receiver.url('/hooks/ops'), secret, enabled: true });
    const off = await alerts.createChannel(actor, { name: '停用的群', kind: 'wecom', url: receiver.url('/cgi-bin/webhook/send?key=off'), enabled: false });
    await addRule({ name: '在线过低', metric: 'online', condition: { kind: 'threshold', op: '<', value: 50 }, channelIds: [hook.id, off.id] });
    const frames: AlertServerFrame[] = [];
    const unsubscribe = await fanout.subscribe(alertsChannel(orgId), (frame) => frames.push(JSON.parse(frame) as AlertServerFrame));
    setSeries(orgId, showId, online([100, 10, 0]));
    const before = receiver.received.length;

    expect(await evaluator().run()).toBe(1);
    const [row] = await alertRows();
    const deliveries = JSON.parse(row!.deliveries);
    expect(deliveries).toEqual([{ channelId: hook.id, channelName: '值班 webhook', kind: 'webhook', ok: true, attempts: 1, status: 200, error: null, at: clock.now() }]);
    const sent = receiver.received.slice(before);
    expect(sent.map((r) => r.url)).toEqual(['/hooks/ops']);
    expect(sent[0]!.headers['x-livedesk-signature']).toBe(`sha256=${createHmac('sha256', secret).update(sent[0]!.body).digest('hex')}`);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ type: 'alert', alert: { id: row!.id, ruleName: '在线过低', liveSessionId: showId, value: 10 } });

    await waitFor(() => frames.length >= 2, { what: 'alert frames' });
    await unsubscribe();
    expect(frames.map((f) => f.type)).toEqual(['alert.fired', 'alert.updated']);
    expect(frames[0]!.alert).toMatchObject({ id: row!.id, deliveries: [] });
    expect(frames[1]!.alert.deliveries).toEqual(deliveries);
  });
});
