import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser.js';
import { call, signIn } from './console.js';
import { pushTestStream, type TestStream } from './ffmpeg.js';
import { startServer, type RunningServer } from './server.js';

/** A free TCP port: the server's public URL (play and room URLs) must name the port it listens on. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

describe('live room: a real RTMP push, the viewer page plays, chat, pin, checkout', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: string;
  let session: { id: string; ingestUrl: string; streamKey: string; roomUrl: string };
  let productId: string;
  let stream: TestStream;
  let alice: BrowserContext;
  let bob: BrowserContext;
  let alicePage: Page;
  let bobPage: Page;

  beforeAll(async () => {
    const port = await freePort();
    server = await startServer({
      LIVEDESK_DEMO: '0',
      PORT: String(port),
      LIVEDESK_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LIVEDESK_RTMP_PORT: String(await freePort()),
    });
    browser = await launchChromium();
    staff = (await call(server, 'POST', '/api/v1/auth/login', { email: server.owner.email, password: server.owner.password })).body.token;
    const product = await call(server, 'POST', '/api/v1/products', { title: '直播专享 真丝围巾', status: 'listed', skus: [{ skuCode: 'SILK-01', priceFen: 29900, stock: 50 }] }, staff);
    expect(product.status).toBe(201);
    productId = product.body.id;
    const created = await call(
      server,
      'POST',
      '/api/v1/live-sessions',
      { title: '围巾专场', anchors: [{ name: '小美' }], lineup: [{ productId, skus: [{ skuId: product.body.skus[0].id, livePriceFen: 19900, campaignStock: 20 }] }] },
      staff,
    );
    expect(created.status).toBe(201);
    session = created.body;
  });
  afterAll(async () => {
    await stream?.stop();
    await browser?.close();
    await server?.stop();
  });

  const status = async () => (await call(server, 'GET', `/api/v1/live-sessions/${session.id}`, undefined, staff)).body.status as string;

  it('refuses a push with a wrong stream key', async () => {
    const wrong = pushTestStream({ url: session.ingestUrl, key: `${session.id}?sign=not-the-key`, seconds: 5 });
    expect(await wrong.exited).not.toBe(0);
    expect(await status()).toBe('scheduled');
  });

  it('goes live when ffmpeg pushes with the right key', async () => {
    stream = pushTestStream({ url: session.ingestUrl, key: session.streamKey });
    const deadline = Date.now() + 20_000;
    while ((await status()) !== 'live') {
      if (Date.now() > deadline) throw new Error(`never went live: ${stream.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('plays the stream in the viewer page (the video advances)', async () => {
    alice = await browser.newContext(phone);
    alicePage = await alice.newPage();
    await alicePage.goto(session.roomUrl);
    await alicePage.getByTestId('live-room').waitFor();
    await alicePage.waitForFunction(
      () => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="viewer-video"]');
        return video !== null && video.currentTime > 1.5;
      },
      undefined,
      { timeout: 30_000 },
    );
  });

  it('shows a chat message from a second viewer', async () => {
    bob = await browser.newContext(phone);
    bobPage = await bob.newPage();
    await bobPage.goto(session.roomUrl);
    await bobPage.getByTestId('chat-input').fill('主播好！围巾有几种颜色？');
    await bobPage.getByTestId('chat-send').click();
    await alicePage.getByTestId('chat-item').filter({ hasText: '围巾有几种颜色' }).first().waitFor({ timeout: 10_000 });
  });

  it('shows the product the operator pins', async () => {
    const pinned = await call(server, 'POST', `/api/v1/live-sessions/${session.id}/pins`, { productId }, staff);
    expect(pinned.status).toBe(200);
    await alicePage.getByTestId('pinned-product').waitFor({ timeout: 10_000 });
    await expect(alicePage.getByTestId('pinned-product').textContent()).resolves.toContain('真丝围巾');
    await screenshot(alicePage, 'live-viewer');
  });

  it('a buyer checks out from the page and pays (sandbox)', async () => {
    await alicePage.getByTestId('pinned-buy').click();
    await alicePage.getByTestId('buy-now').click();
    const address = { name: '林小姐', phone: '13900001111', province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路 88 号' };
    for (const [field, value] of Object.entries(address)) await alicePage.getByTestId(`address-${field}`).fill(value);
    await screenshot(alicePage, 'live-viewer-checkout');
    await alicePage.getByTestId('checkout-submit').click();
    await alicePage.getByTestId('pay-button').click();
    await alicePage.locator('[data-testid="order-status"][data-status="paid"]').waitFor({ timeout: 15_000 });
    await screenshot(alicePage, 'live-viewer-paid');

    const orders = await call(server, 'GET', `/api/v1/orders?liveSessionId=${session.id}`, undefined, staff);
    expect(orders.body.items).toHaveLength(1);
    expect(orders.body.items[0]).toMatchObject({ status: 'paid', totalFen: 19900 });
  });

  it('the control console shows the show live', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/live-sessions/${session.id}/console`);
    await page.getByTestId('console-stream-health').waitFor();
    await page.getByTestId('console-comment-item').filter({ hasText: '围巾有几种颜色' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'live-control-console');
  });
});
