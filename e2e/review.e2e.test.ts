import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { LiveReview } from '@livedesk/contracts';
import { launchChromium, screenshotDir } from './browser.js';
import { call, signIn } from './console.js';
import { startServer, type RunningServer } from './server.js';

/**
 * A newcomer's first minute: the demo shop on an empty data dir has two finished shows whose reviews are
 * complete, and the review, funnel and retention pages show them.
 */
describe('post-live review: the demo shows, in the console', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let staff: string;
  let showIds: string[];
  let review: LiveReview;

  beforeAll(async () => {
    server = await startServer({ LIVEDESK_DEMO: '1' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token;
    const ended = await call<{ items: { id: string; startedAt: number }[] }>(server, 'GET', '/api/v1/live-sessions?status=ended', undefined, staff);
    showIds = ended.body.items.sort((a, b) => a.startedAt - b.startedAt).map((s) => s.id);
    expect(showIds).toHaveLength(2);
    // The demo's events are in the log at start; the review is complete once the aggregator and the OLAP copy
    // have them all: two reads in a row agree.
    let previous = '';
    await expect
      .poll(async () => {
        const r = await call<LiveReview>(server, 'GET', `/api/v1/live-sessions/${showIds[1]}/review`, undefined, staff);
        if (r.status !== 200) return false;
        review = r.body;
        const now = JSON.stringify([r.body.metrics, r.body.danmaku.comments]);
        const settled = now === previous && (r.body.metrics.gmvFen ?? 0) > 0;
        previous = now;
        return settled;
      }, { timeout: 60_000, interval: 1_000 })
      .toBe(true);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the review of the API, with every section filled', async () => {
    expect(review.segments10m.length).toBeGreaterThanOrEqual(6);
    expect(review.products.some((p) => p.explanations.some((e) => e.gmvFen > 0))).toBe(true);
    expect(review.danmaku.keywords.length).toBeGreaterThan(0);
    expect(review.danmaku.questions.count).toBeGreaterThan(0);
    expect(review.comparison.baseline?.show.liveSessionId).toBe(showIds[0]);

    const page = await context.newPage();
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/live-sessions/${showIds[1]}/review`);
    await page.locator('[data-testid="review-page"][data-review-ready="true"]').waitFor({ timeout: 30_000 });
    const shown = await page.$$eval('[data-testid="review-metric"]', (cards) =>
      Object.fromEntries(cards.map((c) => [c.getAttribute('data-metric'), c.getAttribute('data-value')])),
    );
    for (const id of ['gmvFen', 'uv', 'paidOrders', 'peakOnline', 'refundFen'] as const) {
      expect(Number(shown[id]), id).toBe(review.metrics[id]);
    }
    expect(await page.getByTestId('review-explanation').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/review-page.png`, fullPage: true, animations: 'disabled' });
    await page.close();
  });

  it('runs the standard live funnel in the funnel builder', async () => {
    const page = await context.newPage();
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/analytics/funnel`);
    await page.getByTestId('funnel-preset').click();
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-result-table').waitFor();
    await page.getByTestId('funnel-chart').waitFor();
    await page.waitForTimeout(500); // the chart's entry animation
    await page.screenshot({ path: `${screenshotDir}/funnel-builder.png`, fullPage: true, animations: 'disabled' });
    await page.close();
  });

  it('shows viewers of the first show coming back to the second on the retention page', async () => {
    const retention = await call<{ cohorts: { show: { liveSessionId: string }; size: number; returned: { count: number }[] }[] }>(
      server, 'GET', '/api/v1/analytics/retention/shows', undefined, staff,
    );
    const first = retention.body.cohorts.find((c) => c.show.liveSessionId === showIds[0]);
    expect(first?.returned[0]?.count).toBeGreaterThan(0);

    const page = await context.newPage();
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/analytics/retention`);
    await page.getByTestId('retention-table').waitFor();
    expect(await page.getByTestId('retention-cell').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/retention-page.png`, fullPage: true, animations: 'disabled' });
    await page.close();
  });
});
