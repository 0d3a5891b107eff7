import type { Page } from 'playwright-core';
import type { RunningServer } from './server.js';

/** Signs in through the login page as the server's printed owner. */
export async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.baseUrl);
  await page.getByTestId('login-email').fill(server.owner.email);
  await page.getByTestId('login-password').fill(server.owner.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** JSON over the public API, as a buyer's app or a script would call it. */
export async function call<T = any>(server: RunningServer, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
