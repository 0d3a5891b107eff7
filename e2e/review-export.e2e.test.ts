import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir } from './browser.js';
import { call } from './console.js';
import { startServer, type RunningServer } from './server.js';
import { batches, recordedShowEvents } from './show-events.js';

const HOUR = 3_600_000;
const TITLE = '复盘导出专场';

/** pdftoppm and pdftotext come with Debian's poppler-utils (installed by .ci/run). */
const poppler = (tool: string, args: string[]): string => {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`${tool} failed (apt-get install poppler-utils): ${String(err)}`);
  }
};

describe('review PDF export: the console\'s shared page printed by Chromium', () => {
  let server: RunningServer;
  let staff: string;
  let liveSessionId: string;
  const work = mkdtempSync(join(tmpdir(), 'livedesk-review-pdf-'));

  beforeAll(async () => {
    server = await startServer({ LIVEDESK_DEMO: '0' });
    staff = (await call(server, 'POST', '/api/v1/auth/login', server.owner)).body.token;
    const key = (await call(server, 'POST', '/api/v1/api-keys', { name: 'import', scopes: ['events:ingest:trusted'] }, staff)).body.key as string;
    const productIds: string[] = [];
    for (const [title, priceFen] of [['秋冬加厚卫衣', 15900], ['羊毛围巾', 8900]] as const) {
      const product = await call(server, 'POST', '/api/v1/products', { title, skus: [{ skuCode: `SKU-${priceFen}`, priceFen, stock: 100 }] }, staff);
      expect(product.status).toBe(201);
      productIds.push(product.body.id);
    }
    // A recorded show that ended an hour ago, its events imported afterwards.
    const startedAt = Date.now() - 2 * HOUR;
    const session = await call(server, 'POST', '/api/v1/live-sessions', { title: TITLE, anchors: [{ name: '小美' }], startedAt, endedAt: startedAt + HOUR }, staff);
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    liveSessionId = session.body.id;
    const events = recordedShowEvents({ liveSessionId, startedAt, endedAt: startedAt + HOUR, viewers: 120, productIds, seed: 11 });
    for (const batch of batches(events, 500)) {
      expect((await call(server, 'POST', '/api/v1/events', { events: batch }, key)).body).toMatchObject({ accepted: batch.length, rejected: [] });
    }
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('downloads an A4 PDF of the review whose first page shows the show, and leaves no link behind', async () => {
    // The review reads the aggregated numbers and the events in OLAP: both have them once two reads agree.
    let previous = '';
    await expect
      .poll(async () => {
        const review = (await call(server, 'GET', `/api/v1/live-sessions/${liveSessionId}/review`, undefined, staff)).body;
        const seen = JSON.stringify([review.metrics, review.danmaku.comments]);
        const settled = seen === previous && review.metrics.gmvFen > 0 && review.danmaku.comments > 0;
        previous = seen;
        return settled;
      }, { timeout: 30_000, interval: 1000 })
      .toBe(true);

    const res = await fetch(`${server.baseUrl}/api/v1/live-sessions/${liveSessionId}/review/export.pdf?lang=zh-CN`, { headers: { authorization: `Bearer ${staff}` } });
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status, body.toString().slice(0, 500)).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`复盘-${TITLE}-`)}`);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pdf = join(work, 'review.pdf');
    writeFileSync(pdf, body);
    // The page was rendered with its data: the title and a section are text on page 1.
    const text = poppler('pdftotext', ['-f', '1', '-l', '1', pdf, '-']);
    expect(text).toContain(TITLE);
    expect(text).toContain('小美');

    poppler('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(work, 'page1')]);
    const png = join(work, 'page1.png');
    // Kept before the checks, so a failing run leaves the page to look at.
    mkdirSync(screenshotDir, { recursive: true });
    copyFileSync(png, join(screenshotDir, 'review-pdf-page1.png'));
    copyFileSync(pdf, join(screenshotDir, 'review.pdf'));
    const bytes = readFileSync(png);
    // A4 at 60 dpi is about 497 × 702 pixels; a blank page compresses to 1–2 KB, one with text and charts to more.
    expect(Math.abs(bytes.readUInt32BE(16) - 497)).toBeLessThanOrEqual(1);
    expect(Math.abs(bytes.readUInt32BE(20) - 702)).toBeLessThanOrEqual(1);
    expect(statSync(png).size).toBeGreaterThan(5_000);

    // The link the print opened is deleted with it; the show has no share links.
    const shares = await call(server, 'GET', `/api/v1/live-sessions/${liveSessionId}/review/shares`, undefined, staff);
    expect(shares.body).toEqual({ items: [] });
  });
});
