import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { simulateShow, type SimulationSummary } from '../scripts/simulate/simulate.js';
import { launchChromium, screenshot } from './browser.js';
import { call, signIn } from './console.js';
import { startServer, type RunningServer } from './server.js';

type Metrics = Record<string, number | null>;

/** Every registry number on the screen (`data-metric` with its raw `data-value`), first one per metric. */
async function screenMetrics(page: Page): Promise<Metrics> {
  return page.$$eval('[data-metric]', (elements) => {
    const values: Record<string, number | null> = {};
    for (const el of elements) {
      const id = el.getAttribute('data-metric')!;
      if (id in values) continue;
      const raw = el.getAttribute('data-value') ?? '';
      values[id] = raw === '' ? null : Number(raw);
    }
    return values;
  });
}

describe('big screen: a simulated show, pushed to /screen/:id, equals the API', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: string;
  let sessionId: string;

  beforeAll(async () => {
    server = await startServer({ LIVEDESK_DEMO: '0' });
    browser = await launchChromium();
    staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token;
    const lineup = [];
    for (const [title, priceFen] of [['秋冬加厚卫衣', 15900], ['羊毛围巾', 8900], ['保温杯 500ml', 6900]] as const) {
      const product = await call(server, 'POST', '/api/v1/products', { title, status: 'listed', skus: [{ skuCode: `SKU-${priceFen}`, priceFen, stock: 500 }] }, staff);
      expect(product.status).toBe(201);
      lineup.push({ productId: product.body.id, skus: [{ skuId: product.body.skus[0].id, livePriceFen: priceFen - 1000, campaignStock: 200 }] });
    }
    const session = await call(server, 'POST', '/api/v1/live-sessions', { title: '周五上新专场', anchors: [{ name: '小美' }], lineup }, staff);
    expect(session.status).toBe(201);
    sessionId = session.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the numbers of GET /metrics, pushed while the show runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/screen/${sessionId}`);
    await page.getByTestId('big-screen').waitFor();

    const summary: SimulationSummary = await simulateShow({
      url: server.baseUrl,
      sessionId,
      viewers: 80,
      minutes: 8,
      speed: 40,
      email: server.owner.email,
      password: server.owner.password,
      seed: 5,
      // ended, the numbers stop moving with the clock (watch time, average online) and can be compared
      end: true,
    });
    expect(summary.orders.paid).toBeGreaterThan(0);

    // The API settles once the aggregator has applied everything: two reads a second apart agree.
    let api: Metrics = {};
    await expect
      .poll(async () => {
        const next = (await call(server, 'GET', `/api/v1/live-sessions/${sessionId}/metrics`, undefined, staff)).body.metrics as Metrics;
        const settled = JSON.stringify(next) === JSON.stringify(api);
        api = next;
        return settled;
      }, { timeout: 20_000, interval: 1000 })
      .toBe(true);
    // What the simulator did, counted on its side, is what the analytics counted.
    expect(api.gmvFen).toBe(summary.gmvFen);
    expect(api.paidOrders).toBe(summary.orders.paid);
    expect(api.uv).toBeGreaterThan(0);

    // The screen never asked: what it shows came over the console socket.
    await expect.poll(async () => {
      const shown = await screenMetrics(page);
      return Object.entries(shown).filter(([id, value]) => value !== api[id]);
    }, { timeout: 15_000 }).toEqual([]);
    const shown = await screenMetrics(page);
    for (const id of ['gmvFen', 'uv', 'pv', 'buyers', 'paidOrders', 'peakOnline']) expect(shown[id], id).toBe(api[id]);
    await screenshot(page, 'analytics-big-screen');
    expect(api.comments).toBeGreaterThan(0);
    expect(await page.getByTestId('screen-comment').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('screen-product').count()).toBeGreaterThan(0);
    await context.close();
  });
});
