import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Collector } from './testing/collector.js';
import type { Tracker } from './tracker.js';

// The SDK as a page loads it, in Debian's Chromium: beacons at page exit and localStorage across loads
// exist only in a real browser. The page and the events endpoint share one origin, as on a shop's site.

declare global {
  interface Window {
    tracker: Tracker;
  }
}

const WRITE_KEY = 'ldk_browser_write_key';
const page = (script: string) => `<!doctype html><html><body><script type="module">${script}</script></body></html>`;

describe('the tracker in a browser', () => {
  let browser: Browser;
  let sdk: string;
  let collector: Collector;
  let origin: string;
  let tab: Page;

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      write: false,
      target: 'es2022',
    });
    sdk = bundled.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    collector = new Collector();
    collector.pages.set('/sdk.js', { type: 'text/javascript', body: sdk });
    collector.pages.set(
      '/shop',
      {
        type: 'text/html',
        body: page(`import { createTracker } from '/sdk.js';
          window.tracker = createTracker({ endpoint: '/api/v1/events', writeKey: '${WRITE_KEY}', liveSessionId: 'show-1', flushIntervalMs: 60000 });`),
      },
    );
    collector.pages.set('/elsewhere', { type: 'text/html', body: page('') });
    origin = await collector.start();
    tab = await browser.newPage();
    await tab.goto(`${origin}/shop`);
    await tab.waitForFunction(() => window.tracker !== undefined);
  });
  afterEach(async () => {
    await tab.close();
    await collector.close();
  });

  const trackThree = () =>
    tab.evaluate(() => {
      window.tracker.identify('buyer-7');
      for (const productId of ['p1', 'p2', 'p3']) window.tracker.track('product.exposure', { productId });
      return window.tracker.anonymousId;
    });

  it('sends what is pending by beacon, the key in the URL, when the viewer leaves the page', async () => {
    const anonymousId = await trackThree();
    await tab.goto(`${origin}/elsewhere`);
    const [beacon] = await collector.waitFor(1);
    expect(beacon!.method).toBe('POST');
    expect(beacon!.url).toBe(`/api/v1/events?key=${WRITE_KEY}`);
    expect(beacon!.headers.authorization).toBeUndefined();
    expect(beacon!.headers['content-type']).toBe('application/json');
    expect(beacon!.events.map((e) => e.props?.productId)).toEqual(['p1', 'p2', 'p3']);
    expect(beacon!.events[0]).toMatchObject({ anonymousId, userId: 'buyer-7', liveSessionId: 'show-1' });
  });

  it('sends by beacon when the page is hidden (the app switched away), and only once', async () => {
    await trackThree();
    await tab.evaluate(() => {
      // Headless Chromium has no window to hide; the page sees what a phone's app switch shows it.
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const [beacon] = await collector.waitFor(1);
    expect(beacon!.url).toBe(`/api/v1/events?key=${WRITE_KEY}`);
    expect(beacon!.events).toHaveLength(3);
    await tab.evaluate(() => window.tracker.flush());
    expect(collector.received).toHaveLength(1);
  });

  it('flushes with fetch and the bearer key while the page is open', async () => {
    await trackThree();
    await tab.evaluate(() => window.tracker.flush());
    expect(collector.received).toHaveLength(1);
    expect(collector.received[0]!.url).toBe('/api/v1/events');
    expect(collector.received[0]!.headers.authorization).toBe(`Bearer ${WRITE_KEY}`);
  });

  it('keeps the anonymous id and the user in localStorage across page loads', async () => {
    const anonymousId = await trackThree();
    await tab.evaluate(() => window.tracker.flush());
    await tab.reload();
    await tab.waitForFunction(() => window.tracker !== undefined);
    expect(await tab.evaluate(() => window.tracker.anonymousId)).toBe(anonymousId);
    expect(await tab.evaluate(() => localStorage.getItem('livedesk.anonymousId'))).toBe(anonymousId);
    await tab.evaluate(() => {
      window.tracker.track('returned');
      return window.tracker.flush();
    });
    expect(collector.events.at(-1)).toMatchObject({ type: 'returned', anonymousId, userId: 'buyer-7' });
  });
});
