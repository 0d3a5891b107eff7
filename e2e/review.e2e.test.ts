import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
  let staff: string;
  let showIds: string[];
  let review: LiveReview;

  beforeAll(async () => {
    server = await startServer({ LIVEDESK_DEMO: '1' });
    browser = await launchChromium();
    staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token;
    const ended = await call<{ items: { id: string; startedAt: number }[] }>(server, 'GET', '/api/v1/live-sessions?status=ended', undefined, staff);
    showIds = ended.body.items.sort((a, b) => a.startedAt - b.startedAt).map((s) => s.id);
    expect(showIds).toHaveLength(2);
    // The demo's events are in the log at start; the review is complete once the aggregator and the OLAP copy
    // have them all: two reads in a row agree.
    let previous = '';
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await call<LiveReview>(server, 'GET', `/api/v1/live-sessions/${showIds[1]}/review`, undefined, staff);
      const now = r.status === 200 ? JSON.stringify([r.body.metrics, r.body.danmaku.comments]) : '';
      if (now !== '' && now === previous && (r.body.metrics.gmvFen ?? 0) > 0) {
        review = r.body;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the demo review did not settle: ${r.status} ${now.slice(0, 200)}`);
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  });

  /** A fresh browser profile, signed in: each page starts from the login like a new member's. */
  async function signedInPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, server);
    return page;
  }

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

    const page = await signedInPage();
    await page.goto(`${server.baseUrl}/live-sessions/${showIds[1]}/review`);
    await page.locator('[data-testid="review-page"][data-review-ready="true"]').waitFor({ timeout: 30_000 });
    const shown = await page.$$eval('[data-testid="review-metric"]', (cards) =>
      Object.fromEntries(cards.map((c) => [c.getAttribute('data-metric'), c.getAttribute('data-value')])),
    );
    for (const id of ['gmvFen', 'uv', 'paidOrders', 'peakOnline', 'refundFen'] as const) {
      expect(Number(shown[id]), id).toBe(review.metrics[id]);
    }
    // A product's 讲解 periods, unfolded: one row per period the API lists.
    const explained = review.products.find((p) => p.explanations.length > 0)!;
    await page.getByTestId('review-products').locator(`tr[data-row-key="${explained.productId}"] .ant-table-row-expand-icon`).click();
    await expect.poll(() => page.getByTestId('review-explanation').count()).toBe(explained.explanations.length);
    // The whole page in one tall viewport: a full-page capture of a shorter one repeats the fixed menu.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height });
    await page.locator('[data-testid="review-page"][data-review-ready="true"]').waitFor();
    await page.waitForTimeout(1_500); // the charts redraw at their new size
    await page.screenshot({ path: `${screenshotDir}/review-page.png`, animations: 'disabled' });
    await page.context().close();
  });

  it('runs the standard live funnel in the funnel builder', async () => {
    const page = await signedInPage();
    await page.goto(`${server.baseUrl}/analytics/funnel`);
    await page.getByTestId('funnel-preset').click();
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-result-table').waitFor();
    await page.getByTestId('funnel-chart').waitFor();
    await page.waitForTimeout(500); // the chart's entry animation
    await page.screenshot({ path: `${screenshotDir}/funnel-builder.png`, fullPage: true, animations: 'disabled' });
    await page.context().close();
  });

  it('shows viewers of the first show coming back to the second on the retention page', async () => {
    const retention = await call<{ cohorts: { show: { liveSessionId: string }; size: number; returned: { count: number }[] }[] }>(
      server, 'GET', '/api/v1/analytics/retention/shows', undefined, staff,
    );
    const first = retention.body.cohorts.find((c) => c.show.liveSessionId === showIds[0]);
    expect(first?.returned[0]?.count).toBeGreaterThan(0);

    const page = await signedInPage();
    await page.goto(`${server.baseUrl}/analytics/retention`);
    await page.getByTestId('retention-table').waitFor();
    expect(await page.getByTestId('retention-cell').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/retention-page.png`, fullPage: true, animations: 'disabled' });
    await page.context().close();
  });
});
