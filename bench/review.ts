// The post-live review of a big show, end to end against the built server: a 1,000,000-event show is
// imported through the public tracking API (a trusted key, as a platform import would), then the review
// is computed (`GET …/review`) and its read-only page rendered in Chromium. And a 5-step funnel over
// 10,000,000 events, straight on a DuckDB file (loading 10M events through HTTP would take minutes and
// measure ingestion, not the funnel).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { FunnelQuery, type LiveReview, type StoredEvent } from '@livedesk/contracts';
import { createDuckDbOlap } from '../apps/server/src/infra/olap/duckdb.js';
import { FunnelsRepo } from '../apps/server/src/modules/funnels/repo.js';
import { FunnelsService } from '../apps/server/src/modules/funnels/service.js';
import { systemActor } from '../apps/server/src/lib/actor.js';
import { api, percentile, startBenchServer } from './server.js';

const MINUTE = 60_000;
const PRODUCTS = 20;
const comments = ['这个多少钱？', '主播好美', '已拍，期待', '有没有优惠券', '什么时候发货呀', '质量怎么样', '太贵了吧', '上链接', '好看爱了', '尺码偏大吗'];

interface ShowPlan {
  startedAt: number;
  minutes: number;
  viewers: number;
  productIds: string[];
  liveSessionId: string;
}

/**
 * About 50 events per viewer over a 2-hour show: two visits, likes, comments, product views, clicks and
 * carts; one viewer in ten pays. Deterministic, so every run imports the same show.
 */
function* showEvents(plan: ShowPlan): Generator<Record<string, unknown>> {
  const span = plan.minutes * MINUTE;
  for (let v = 0; v < plan.viewers; v++) {
    const anonymousId = `bench-viewer-${v}`;
    const base = { liveSessionId: plan.liveSessionId, anonymousId };
    const first = plan.startedAt + ((v * 7_919) % (span - 40 * MINUTE));
    for (const visit of [0, 1]) {
      const enter = first + visit * 25 * MINUTE + (v % 7) * 1_000;
      const leave = enter + (3 + (v % 17)) * MINUTE;
      yield { ...base, id: randomUUID(), type: 'room.enter', ts: enter };
      for (let i = 0; i < 8; i++) yield { ...base, id: randomUUID(), type: 'like', ts: enter + 10_000 + i * 9_000, props: { count: 1 + (i % 3) } };
      for (let i = 0; i < 4; i++) yield { ...base, id: randomUUID(), type: 'comment', ts: enter + 15_000 + i * 20_000, props: { text: comments[(v + i) % comments.length], nickname: `观众${v}` } };
      for (let i = 0; i < 6; i++) {
        const productId = plan.productIds[(v + i) % PRODUCTS]!;
        yield { ...base, id: randomUUID(), type: 'product.exposure', ts: enter + 20_000 + i * 5_000, props: { productId } };
        if (i < 4) yield { ...base, id: randomUUID(), type: 'product.click', ts: enter + 22_000 + i * 5_000, props: { productId } };
      }
      yield { ...base, id: randomUUID(), type: 'cart.add', ts: enter + 60_000, props: { productId: plan.productIds[v % PRODUCTS], skuId: 'sku', quantity: 1 } };
      yield { ...base, id: randomUUID(), type: 'room.leave', ts: leave };
    }
    if (v % 10 === 0) {
      const orderId = `bench-order-${v}`;
      const productId = plan.productIds[v % PRODUCTS]!;
      const props = { orderId, amountFen: 9_900, items: [{ productId, skuId: 'sku', quantity: 1, priceFen: 9_900 }] };
      yield { ...base, userId: `bench-buyer-${v}`, id: randomUUID(), type: 'order.create', ts: first + 70_000, props };
      yield { ...base, userId: `bench-buyer-${v}`, id: randomUUID(), type: 'order.pay', ts: first + 90_000, props };
    }
  }
}

export interface ReviewBenchResult {
  events: number;
  importSeconds: number;
  /** GET …/review, the first (it also stores revision 1) and the median of the next five */
  firstReviewMs: number;
  reviewP50Ms: number;
  reviewMaxMs: number;
  /** navigation → the overview's numbers are on screen, Chromium */
  firstScreenMs: number[];
  /** navigation → the read-only review page marks itself ready (every chart drawn, animations done) */
  pageRenderMs: number[];
}

export async function benchReview(viewers: number): Promise<ReviewBenchResult> {
  const server = await startBenchServer({ LIVEDESK_DEMO: 'false' });
  try {
    const login = await api<{ token: string }>(server.baseUrl, 'POST', '/api/v1/auth/login', { email: 'admin@livedesk.local', password: 'bench-password-1' });
    const token = login.body.token;
    const key = (await api<{ key: string }>(server.baseUrl, 'POST', '/api/v1/api-keys', { name: 'bench', scopes: ['events:ingest', 'events:ingest:trusted'] }, token)).body.key;
    const productIds: string[] = [];
    for (let n = 0; n < PRODUCTS; n++) {
      const product = await api<{ id: string }>(server.baseUrl, 'POST', '/api/v1/products', { title: `复盘压测商品 ${n}`, skus: [{ skuCode: `REVIEW-${n}`, priceFen: 9_900, stock: 1_000 }] }, token);
      productIds.push(product.body.id);
    }
    const minutes = 120;
    const startedAt = Math.floor((Date.now() - 3 * 3_600_000) / MINUTE) * MINUTE;
    const session = await api<{ id: string }>(server.baseUrl, 'POST', '/api/v1/live-sessions', {
      title: '复盘压测 100 万事件', productIds, startedAt, endedAt: startedAt + minutes * MINUTE,
    }, token);
    const liveSessionId = session.body.id;

    const importStarted = performance.now();
    let events = 0;
    let batch: Record<string, unknown>[] = [];
    const inFlight = new Set<Promise<void>>();
    const send = (events: Record<string, unknown>[]) => {
      const request = api<{ accepted: number }>(server.baseUrl, 'POST', '/api/v1/events', { events }, key).then((r) => {
        if (r.status !== 202 || r.body.accepted !== events.length) throw new Error(`import refused: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      });
      const tracked = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    for (const event of showEvents({ startedAt, minutes, viewers, productIds, liveSessionId })) {
      batch.push(event);
      events++;
      if (batch.length === 1_000) {
        send(batch);
        batch = [];
        if (inFlight.size >= 4) await Promise.race(inFlight);
      }
    }
    if (batch.length) send(batch);
    await Promise.all(inFlight);

    // Imported is not yet aggregated: wait until the review counts every comment (the OLAP copy) and the
    // metrics every view (the aggregator).
    const expectedComments = viewers * 2 * 4;
    for (;;) {
      const review = await api<LiveReview>(server.baseUrl, 'GET', `/api/v1/live-sessions/${liveSessionId}/review`, undefined, token);
      if (review.status === 200 && review.body.danmaku.comments === expectedComments && review.body.metrics.pv === viewers * 2) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const importSeconds = (performance.now() - importStarted) / 1000;

    const timeReview = async () => {
      const started = performance.now();
      const r = await api<LiveReview>(server.baseUrl, 'GET', `/api/v1/live-sessions/${liveSessionId}/review`, undefined, token);
      if (r.status !== 200) throw new Error(`review failed: ${r.status}`);
      return performance.now() - started;
    };
    const firstReviewMs = await timeReview();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await timeReview());
    runs.sort((a, b) => a - b);

    const share = await api<{ url: string }>(server.baseUrl, 'POST', `/api/v1/live-sessions/${liveSessionId}/review/shares`, { expiresInHours: 1 }, token);
    const path = new URL(share.body.url, server.baseUrl).pathname;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const firstScreenMs: number[] = [];
    const pageRenderMs: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const started = performance.now();
        await page.goto(`${server.baseUrl}${path}`);
        await page.locator('[data-testid="review-metric"]').first().waitFor({ timeout: 60_000 });
        firstScreenMs.push(Math.round(performance.now() - started));
        await page.locator('[data-testid="review-page"][data-review-ready="true"]').waitFor({ timeout: 60_000 });
        pageRenderMs.push(Math.round(performance.now() - started));
        await page.close();
      }
    } finally {
      await browser.close();
    }
    return {
      events,
      importSeconds: Math.round(importSeconds),
      firstReviewMs: Math.round(firstReviewMs),
      reviewP50Ms: Math.round(percentile(runs, 50)),
      reviewMaxMs: Math.round(runs.at(-1)!),
      firstScreenMs,
      pageRenderMs,
    };
  } finally {
    await server.stop();
  }
}

export interface FunnelBenchResult {
  events: number;
  persons: number;
  loadSeconds: number;
  funnelMs: number[];
  counts: number[];
}

/** 10M events of 500k persons, appended to a DuckDB file, then the contract's 5-step live funnel. */
export async function benchFunnel(totalEvents: number): Promise<FunnelBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'livedesk-funnel-bench-'));
  const olap = await createDuckDbOlap({ file: join(dir, 'events.duckdb') });
  try {
    const steps = ['room.enter', 'product.exposure', 'product.click', 'cart.add', 'order.pay'];
    const persons = Math.round(totalEvents / 20);
    const t0 = Date.UTC(2026, 10, 1);
    const loadStarted = performance.now();
    let n = 0;
    let chunk: StoredEvent[] = [];
    for (let p = 0; p < persons; p++) {
      // 20 events per person: the steps in order as far as the person gets (each step drops ~30 %),
      // padded with likes; some persons start over later (a second attempt).
      const reached = 1 + Math.min(4, Math.floor(Math.log((p % 97) + 1) / Math.log(2.6)));
      const start = t0 + (p % 10_000) * 60_000;
      for (let e = 0; e < 20; e++) {
        const type = e < reached ? steps[e]! : e === 10 ? 'room.enter' : 'like';
        chunk.push({ id: `f${n++}`, orgId: 'org', type, ts: start + e * 30_000, receivedAt: start + e * 30_000, anonymousId: `person-${p}`, liveSessionId: 'show' });
      }
      if (chunk.length >= 100_000) {
        await olap.appendEvents('bench', chunk, {});
        chunk = [];
      }
    }
    if (chunk.length) await olap.appendEvents('bench', chunk, {});
    const loadSeconds = Math.round((performance.now() - loadStarted) / 1000);
    const funnels = new FunnelsService(new FunnelsRepo(olap));
    const query = FunnelQuery.parse({ steps: steps.map((event) => ({ event })), order: 'ordered', windowSeconds: 86_400, from: t0, to: t0 + 30 * 86_400_000 });
    const funnelMs: number[] = [];
    let counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = await funnels.funnel(systemActor('org'), query);
      funnelMs.push(Math.round(performance.now() - started));
      counts = result.steps.map((s) => s.count);
    }
    return { events: n, persons, loadSeconds, funnelMs, counts };
  } finally {
    await olap.close();
    await rm(dir, { recursive: true, force: true });
  }
}
