import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

const { DATABASE_URL, REDIS_URL } = process.env;
const address = { name: '李四', phone: '13900001111', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' };

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.skipIf(!DATABASE_URL || !REDIS_URL)('two server processes on PostgreSQL + Redis: 1,000 buyers race for 50 units', () => {
  const schema = `race_${randomBytes(4).toString('hex')}`;
  const key = () => randomBytes(32).toString('base64');
  // Both nodes must share the secrets (tokens signed on one are checked on the other).
  const env = {
    DATABASE_URL: DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    REDIS_URL: REDIS_URL!,
    LIVEDESK_NAMESPACE: schema,
    LIVEDESK_TOKEN_SECRET: key(),
    LIVEDESK_PII_KEYS: `k1:${key()}`,
    LIVEDESK_PII_HASH_KEY: key(),
    LIVEDESK_ADMIN_PASSWORD: 'race-password-1',
    LIVEDESK_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    a = await startServer(env);
    b = await startServer(env);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
  });

  it('orders at most 50 units across both nodes, with no 5xx and stock equal to the ledger', async () => {
    const owner = await call(a.baseUrl, 'POST', '/api/v1/auth/login', { email: 'admin@livedesk.local', password: 'race-password-1' });
    const product = await call(b.baseUrl, 'POST', '/api/v1/products', { title: '限量款', skus: [{ skuCode: 'RACE-1', priceFen: 19900, stock: 50 }] }, owner.body.token);
    expect(product.status).toBe(201);
    const skuId = product.body.skus[0].id as string;
    const nodes = [a.baseUrl, b.baseUrl];
    const buyers = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => (await call(nodes[i % 2]!, 'POST', '/api/v1/store/buyers', {})).body.token as string),
    );
    const results = await Promise.all(
      buyers.map((token, i) => call(nodes[(i + 1) % 2]!, 'POST', '/api/v1/store/orders', { items: [{ skuId, quantity: (i % 3) + 1 }], address }, token)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses.filter((s) => s !== 201))).toEqual(new Set([409]));
    const ordered = results.filter((r) => r.status === 201).reduce((sum, r) => sum + r.body.lines[0].quantity, 0);
    expect(ordered).toBeLessThanOrEqual(50);
    expect(ordered).toBeGreaterThanOrEqual(48);

    const stock = await call(a.baseUrl, 'GET', `/api/v1/inventory/skus/${skuId}`, undefined, owner.body.token);
    expect(stock.body).toMatchObject({ onHand: 50, reserved: ordered, available: 50 - ordered });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const ledger = await client.query(`select sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved from ${schema}.stock_ledger where sku_id = $1`, [skuId]);
      expect(ledger.rows[0]).toEqual({ on_hand: 50, reserved: ordered });
      const orphans = await client.query(`select count(*)::int as n from ${schema}.orders o where not exists (select 1 from ${schema}.order_lines l where l.order_id = o.id)`);
      expect(orphans.rows[0].n).toBe(0);
      const holds = await client.query(`select coalesce(sum(quantity), 0)::int as q from ${schema}.reservations where sku_id = $1 and status = 'held'`, [skuId]);
      expect(holds.rows[0].q).toBe(ordered);

      // Let every order's payment window pass: either node's sweeper gives the stock back.
      await client.query(`update ${schema}.orders set expires_at = $1 where status = 'pending_payment'`, [Date.now() - 1]);
      const winner = results.find((r) => r.status === 201)!;
      const late = await call(b.baseUrl, 'POST', `/api/v1/store/orders/${winner.body.id}/pay`, { method: 'sandbox' }, buyers[results.indexOf(winner)]);
      expect(late.status).toBe(409);
      const paid = await client.query(`select count(*)::int as n from ${schema}.payments where status = 'succeeded'`);
      expect(paid.rows[0].n).toBe(0);
      const deadline = Date.now() + 30_000;
      let back = await call(a.baseUrl, 'GET', `/api/v1/inventory/skus/${skuId}`, undefined, owner.body.token);
      while (back.body.reserved !== 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        back = await call(a.baseUrl, 'GET', `/api/v1/inventory/skus/${skuId}`, undefined, owner.body.token);
      }
      expect(back.body).toMatchObject({ onHand: 50, reserved: 0, available: 50 });
      const cancelled = await client.query(`select count(*)::int as n from ${schema}.orders where status = 'cancelled' and cancel_reason = 'timeout'`);
      expect(cancelled.rows[0].n).toBe(results.filter((r) => r.status === 201).length);
      const after = await client.query(`select sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved from ${schema}.stock_ledger where sku_id = $1`, [skuId]);
      expect(after.rows[0]).toEqual({ on_hand: 50, reserved: 0 });
    } finally {
      await client.end();
    }
  }, 180_000);
});
