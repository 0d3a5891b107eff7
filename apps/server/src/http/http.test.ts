import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/app.js';

const leaks = /at .+\(|\.ts:\d+|select |insert |update |sqlite|postgres|kysely/i;

describe('HTTP edge: bad input, errors, docs, health, metrics', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.login()).token;
  });
  afterAll(() => t.close());

  const raw = (payload: string, contentType = 'application/json') =>
    t.livedesk.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload,
    });

  it('answers malformed JSON with 400 validation', async () => {
    const res = await raw('{"email": "a@b.c",');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation');
  });

  it('answers wrong types with the path of each problem', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/users', token, body: { email: 42, name: ['x'], role: 'pope' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name', 'body.role']));
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token,
      body: { email: 'new@test.local', name: 'New', role: 'analyst', password: 'long-enough-pass', isAdmin: true },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('isAdmin');
    const members = await t.request({ method: 'GET', url: '/api/v1/users', token });
    expect(members.body.items.map((m: { user: { email: string } }) => m.user.email)).not.toContain('new@test.local');
  });

  it('refuses bodies over 1 MB with 413 payload_too_large', async () => {
    const res = await raw(JSON.stringify({ email: 'a@b.c', name: 'x'.repeat(1024 * 1024 + 10), role: 'analyst' }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', details: { limitBytes: 1048576 } });
  });

  it('refuses other content types with 400 validation', async () => {
    const res = await raw('email=a', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation');
  });

  it('never shows stack traces, SQL or driver names', async () => {
    const bodies = await Promise.all([
      raw('{"email":'),
      raw('[]'),
      raw('null'),
      t.livedesk.http.inject({ method: 'GET', url: '/api/v1/audit-log?cursor=%00%00', headers: { authorization: `Bearer ${token}` } }),
      t.livedesk.http.inject({ method: 'GET', url: '/api/v1/buyers/%27%20or%201%3D1', headers: { authorization: `Bearer ${token}` } }),
    ]);
    for (const res of bodies) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(leaks);
      expect(Object.keys(res.json())).toEqual(['error']);
    }
  });

  it('accepts a bodiless DELETE sent with a JSON content type; a bodiless POST meets its schema', async () => {
    const key = await t.request({ method: 'POST', url: '/api/v1/api-keys', token, body: { name: 'k', scopes: ['events:ingest'] } });
    const del = await t.livedesk.http.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.body.id}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(del.statusCode).toBe(204);
    const post = await raw('');
    expect(post.statusCode).toBe(400);
    expect(post.json().error.code).toBe('validation');
  });

  it('refuses prototype poisoning', async () => {
    const res = await raw('{"email":"a@b.c","name":"x","role":"analyst","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(400);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('gives every response a request id, echoing a sane incoming one', async () => {
    const own = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers['x-request-id']).toBe('trace-123');
    const generated = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz' });
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/api-keys', '/api/v1/audit-log', '/api/v1/store/buyers']) {
      expect(res.body.paths).toHaveProperty([path]);
    }
    const login = res.body.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const ui = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(ui.status).toBe(200);
  });

  it('exposes Prometheus metrics: HTTP latency, event loop, DB pool, outbox lag', async () => {
    await t.request({ method: 'GET', url: '/healthz' });
    const res = await t.request({ method: 'GET', url: '/metrics' });
    expect(res.status).toBe(200);
    const text = String(res.body);
    expect(text).toContain('livedesk_http_request_duration_seconds_bucket{');
    expect(text).toContain('route="/healthz"');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('livedesk_db_pool_connections{state="total"}');
    expect(text).toContain('livedesk_outbox_unpublished_events');
  });
});

describe('rate limiting', () => {
  it('answers 429 rate_limited past the per-minute budget', async () => {
    const t = await startTestApp({ LIVEDESK_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await t.request({ method: 'GET', url: '/api/v1/me' })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const limited = await t.request({ method: 'GET', url: '/api/v1/me' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
