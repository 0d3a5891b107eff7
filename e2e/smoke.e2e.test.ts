import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

describe('console smoke: first start, sign-in, language, audit log', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('prints the owner credentials on first start', () => {
    expect(server.owner.email).toBe('admin@livedesk.local');
    expect(server.owner.password.length).toBeGreaterThanOrEqual(12);
  });

  it('signs in with the printed credentials, in Chinese by default', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-email').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await screenshot(page, 'login-zh');
    await page.getByTestId('login-email').fill(server.owner.email);
    await page.getByTestId('login-password').fill(server.owner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await expect.poll(() => page.getByTestId('nav-audit').textContent()).toContain('审计日志');
    await screenshot(page, 'shell-zh');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-audit').textContent()).toContain('Audit log');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    await screenshot(page, 'shell-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-audit').textContent()).toContain('审计日志');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('shows the sign-in in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const loginRow = table.locator('tr', { hasText: 'auth.login' }).first();
    await loginRow.waitFor();
    expect(await loginRow.textContent()).toContain('登录');
    await screenshot(page, 'audit-zh');
  });

  it('keeps the session across a reload of a deep link', async () => {
    await page.reload();
    await page.getByTestId('audit-table').waitFor();
    expect(new URL(page.url()).pathname).not.toBe('/login');
  });
});

describe('owner from the environment', () => {
  it('creates the owner from LIVEDESK_ADMIN_EMAIL and LIVEDESK_ADMIN_PASSWORD', async () => {
    const server = await startServer({ LIVEDESK_ADMIN_EMAIL: 'boss@shop.example', LIVEDESK_ADMIN_PASSWORD: 'a-long-boss-password' });
    try {
      expect(server.output()).not.toContain('a-long-boss-password');
      const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boss@shop.example', password: 'a-long-boss-password' }),
      });
      expect(res.status).toBe(200);
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      await server.stop();
    }
  });
});
