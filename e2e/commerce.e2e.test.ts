import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, screenshotDir } from './browser.js';
import { call, signIn } from './console.js';
import { startServer, type RunningServer } from './server.js';

const address = { name: '陈晨', phone: '13611112222', province: '江苏省', city: '南京市', district: '鼓楼区', detail: '中山路 18 号' };

describe('commerce in the console: product → order → wave → print → ship → return → refund', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let staffToken: string;
  let buyerToken: string;
  let skuIds: string[] = [];
  let orderId: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startServer({ LIVEDESK_DEMO: '0' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, server);
    staffToken = (await call(server, 'POST', '/api/v1/auth/login', { email: server.owner.email, password: server.owner.password })).body.token;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('staff creates a product with a 2×3 SKU matrix', async () => {
    await page.goto(`${server.baseUrl}/products`);
    await page.getByTestId('product-new').click();
    await page.getByTestId('product-title').fill('春季纯棉 T 恤');
    const specs: [string, string[]][] = [['颜色', ['白', '黑']], ['尺码', ['S', 'M', 'L']]];
    for (const [i, [name, values]] of specs.entries()) {
      await page.getByTestId('spec-add').click();
      await page.getByTestId(`spec-name-${i}`).fill(name);
      const input = page.getByTestId(`spec-values-${i}`).locator('input');
      for (const value of values) {
        await input.fill(value);
        await input.press('Enter');
      }
    }
    await expect.poll(() => page.locator('[data-testid^="sku-code-"]').count()).toBe(6);
    for (let i = 0; i < 6; i++) {
      await page.getByTestId(`sku-code-${i}`).fill(`E2E-TEE-${i}`);
      await page.getByTestId(`sku-price-${i}`).fill('79');
      await page.getByTestId(`sku-stock-${i}`).fill('10');
    }
    await screenshot(page, 'commerce-product-editor');
    await page.getByTestId('product-save').click();
    await expect
      .poll(async () => (await call(server, 'GET', `/api/v1/products?q=${encodeURIComponent('春季纯棉')}`, undefined, staffToken)).body.items.length)
      .toBe(1);
    const list = await call(server, 'GET', `/api/v1/products?q=${encodeURIComponent('春季纯棉')}`, undefined, staffToken);
    const product = await call(server, 'GET', `/api/v1/products/${list.body.items[0].id}`, undefined, staffToken);
    expect(product.body.skus).toHaveLength(6);
    for (const sku of product.body.skus) expect(sku).toMatchObject({ priceFen: 7900, available: 10 });
    skuIds = product.body.skus.map((s: { id: string }) => s.id);
    await page.goto(`${server.baseUrl}/products`);
    await page.getByTestId('products-table').getByText('春季纯棉 T 恤').waitFor();
    await screenshot(page, 'commerce-products');
  });

  it('a buyer orders and pays through the store API', async () => {
    buyerToken = (await call(server, 'POST', '/api/v1/store/buyers', { nickname: '晨晨' })).body.token;
    const order = await call(server, 'POST', '/api/v1/store/orders', { items: [{ skuId: skuIds[0], quantity: 2 }, { skuId: skuIds[4], quantity: 1 }], address }, buyerToken);
    expect(order.status).toBe(201);
    expect(order.body.totalFen).toBe(3 * 7900);
    orderId = order.body.id;
    const paid = await call(server, 'POST', `/api/v1/store/orders/${orderId}/pay`, { method: 'sandbox' }, buyerToken);
    expect(paid.body.status).toBe('paid');
  });

  it('staff puts it in a picking wave, prints the pick list and ships it', async () => {
    await page.goto(`${server.baseUrl}/fulfillment`);
    await page.getByTestId('to-ship-table').locator('tr', { hasText: '3' }).first().waitFor();
    await page.getByTestId('wave-create').click();
    await expect.poll(async () => (await call(server, 'GET', '/api/v1/fulfillment/waves', undefined, staffToken)).body.items.length).toBe(1);
    const waveId = (await call(server, 'GET', '/api/v1/fulfillment/waves', undefined, staffToken)).body.items[0].id as string;

    await page.goto(`${server.baseUrl}/fulfillment/waves/${waveId}`);
    await page.getByTestId('pick-list').getByText('E2E-TEE-0').waitFor();
    await screenshot(page, 'commerce-wave');
    await page.getByTestId('wave-print').click();
    await page.getByTestId('wave-print-frame').waitFor();
    await screenshot(page, 'commerce-wave-print');
    // The printable page itself, as a browser prints it.
    const html = await fetch(`${server.baseUrl}/api/v1/fulfillment/waves/${waveId}/print?doc=picklist`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(html.status).toBe(200);
    const printPage = await browser.newPage();
    await printPage.setContent(await html.text());
    writeFileSync(join(screenshotDir, 'commerce-picklist.pdf'), await printPage.pdf({ format: 'A4' }));
    await printPage.close();

    await page.keyboard.press('Escape');
    await page.getByRole('tab').nth(2).click();
    await page.getByTestId('wave-orders').getByTestId('ship-open').first().click();
    await page.getByTestId('ship-carrier').click();
    await page.keyboard.type('顺丰');
    await page.keyboard.press('Enter');
    await page.getByTestId('ship-tracking').fill('SF1400000000777');
    await page.getByTestId('ship-submit').click();
    await expect.poll(async () => (await call(server, 'GET', `/api/v1/store/orders/${orderId}`, undefined, buyerToken)).body.status).toBe('shipped');
  });

  it('the buyer asks for a return; staff approves, receives and refunds', async () => {
    const order = await call(server, 'GET', `/api/v1/store/orders/${orderId}`, undefined, buyerToken);
    const line = order.body.lines.find((l: { skuId: string }) => l.skuId === skuIds[0]);
    const request = await call(server, 'POST', `/api/v1/store/orders/${orderId}/aftersales`, { type: 'return_refund', lines: [{ lineId: line.id, quantity: 1 }], reason: '尺码不合适' }, buyerToken);
    expect(request.status).toBe(201);
    caseId = request.body.id;

    await page.goto(`${server.baseUrl}/aftersales`);
    await page.getByTestId('aftersales-table').getByText(request.body.caseNo).waitFor();
    await screenshot(page, 'commerce-aftersales-queue');
    await page.goto(`${server.baseUrl}/aftersales/${caseId}`);
    await page.getByTestId('aftersales-approve').click();
    await expect.poll(async () => (await call(server, 'GET', `/api/v1/store/aftersales/${caseId}`, undefined, buyerToken)).body.status).toBe('approved');
    await page.getByTestId('aftersales-approve').waitFor({ state: 'detached' });

    const shipped = await call(server, 'POST', `/api/v1/store/aftersales/${caseId}/return-shipment`, { carrier: 'SF', trackingNo: 'SF1400000000888' }, buyerToken);
    expect(shipped.status).toBe(200);
    await page.reload();
    await page.getByTestId('aftersales-receive').click();
    await page.getByTestId('aftersales-receive-submit').click();
    await expect.poll(async () => (await call(server, 'GET', `/api/v1/store/aftersales/${caseId}`, undefined, buyerToken)).body.status).toBe('received');
    // Click only once the page shows the new state: a re-render under the popconfirm would close it.
    await page.getByTestId('aftersales-receive').waitFor({ state: 'detached' });
    await page.getByTestId('aftersales-refund').click();
    await page.getByTestId('aftersales-refund-confirm').click();
    await expect.poll(async () => (await call(server, 'GET', `/api/v1/store/aftersales/${caseId}`, undefined, buyerToken)).body.status).toBe('refunded');
    await screenshot(page, 'commerce-aftersales-refunded');
    const after = await call(server, 'GET', `/api/v1/store/orders/${orderId}`, undefined, buyerToken);
    expect(after.body).toMatchObject({ refundedFen: 7900, paymentStatus: 'partially_refunded' });
  });

  it('shows every step in the order timeline and the stock ledger', async () => {
    await page.goto(`${server.baseUrl}/orders/${orderId}`);
    const timeline = page.getByTestId('order-timeline');
    await timeline.waitFor();
    const detail = await call(server, 'GET', `/api/v1/orders/${orderId}`, undefined, staffToken);
    const kinds = new Set(detail.body.timeline.map((e: { kind: string }) => e.kind));
    for (const kind of ['transition', 'shipment', 'aftersales', 'refund']) expect(kinds).toContain(kind);
    await expect.poll(() => timeline.locator('.ant-timeline-item').count()).toBe(detail.body.timeline.length);
    await screenshot(page, 'commerce-order-timeline');

    const ledger = await call(server, 'GET', `/api/v1/inventory/ledger?skuId=${skuIds[0]}`, undefined, staffToken);
    expect(ledger.body.items.map((e: { kind: string }) => e.kind).reverse()).toEqual(['inbound', 'reservation', 'shipment', 'return']);
    const stock = await call(server, 'GET', `/api/v1/inventory/skus/${skuIds[0]}`, undefined, staffToken);
    expect(stock.body).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
    await page.goto(`${server.baseUrl}/inventory`);
    await page.getByTestId('stock-search').locator('input').fill('E2E-TEE-0');
    await page.getByTestId('stock-search').locator('input').press('Enter');
    await page.getByTestId('stock-table').getByText('E2E-TEE-0').waitFor();
    await page.getByTestId('stock-ledger').first().click();
    await expect.poll(() => page.getByTestId('ledger-table').locator('tbody tr').count()).toBe(4);
    await screenshot(page, 'commerce-ledger');
  });
});
