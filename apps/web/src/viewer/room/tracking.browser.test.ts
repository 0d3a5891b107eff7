import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductTracking } from './tracking';

// Product exposures as a phone's browser sees them: Chromium's IntersectionObserver over cards a
// screen tall, scrolled into and out of view.

declare global {
  interface Window {
    tracking: ProductTracking;
    sent: { t: string; events: { type: string; props: { productId: string } }[] }[];
  }
}

const entry = `
import { roomTracking } from ${JSON.stringify(fileURLToPath(new URL('./tracking.ts', import.meta.url)))};
window.sent = [];
window.tracking = roomTracking((frame) => window.sent.push(frame), 'device-12345678');
for (const card of document.querySelectorAll('[data-product-id]')) window.tracking.watch(card);
`;
const cards = ['p1', 'p2', 'p3'].map((id) => `<div data-product-id="${id}" style="height: 100vh">${id}</div>`).join('');

describe('product exposure in a browser', () => {
  let browser: Browser;
  let close: () => void;
  let url: string;

  beforeAll(async () => {
    const bundled = await build({ stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' }, bundle: true, format: 'esm', write: false });
    const script = bundled.outputFiles[0]!.text;
    const server = createServer((req, res) => {
      if (req.url === '/tracking.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><body style="margin:0">${cards}<script type="module" src="/tracking.js"></script></body>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    close = () => server.close();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    close?.();
  });

  it('tracks each product card once, when it first comes into view', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(url);
    const exposed = () => page.evaluate(() => window.sent.flatMap((f) => f.events).map((e) => e.props.productId));
    const waitForExposure = (productId: string) =>
      page.waitForFunction((id) => window.sent.flatMap((f) => f.events).some((e) => e.props.productId === id), productId);

    await waitForExposure('p1');
    // Straight to the third card: the second never showed.
    await page.evaluate(() => window.scrollTo(0, 2 * window.innerHeight));
    await waitForExposure('p3');
    // Back to the first, then to the second: the first is not counted again.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => new Promise((shown) => requestAnimationFrame(() => requestAnimationFrame(shown))));
    await page.evaluate(() => window.scrollTo(0, window.innerHeight));
    await waitForExposure('p2');
    expect(await exposed()).toEqual(['p1', 'p3', 'p2']);
    expect(await page.evaluate(() => window.sent.every((f) => f.t === 'track' && f.events.every((e) => e.type === 'product.exposure')))).toBe(true);
    await page.close();
  });
});
