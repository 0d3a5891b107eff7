import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { startTestApp, type TestApp } from '../../testing/app.js';

describe('API keys', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  const create = (body: unknown, token = owner) => t.request({ method: 'POST', url: '/api/v1/api-keys', token, body });

  it('shows a key once, stores only its hash, and lists it without the secret', async () => {
    const res = await create({ name: 'tracking', scopes: ['events:ingest'] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^ldk_[A-Za-z0-9_-]{43}$/);
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    const row = await t.livedesk.infra.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256Hex(res.body.key));
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    const list = await t.request({ method: 'GET', url: '/api/v1/api-keys', token: owner });
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({ name: 'tracking', scopes: ['events:ingest'], revokedAt: null });
    expect(listed).not.toHaveProperty('key');
  });

  it('authenticates with exactly its scopes', async () => {
    const { body } = await create({ name: 'reader', scopes: ['audit:read'] });
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log', token: body.key })).status).toBe(200);
    const denied = await t.request({ method: 'GET', url: '/api/v1/users', token: body.key });
    expect(denied.status).toBe(403);
    // A key is not a person: no sessions, no org switching.
    expect((await t.request({ method: 'GET', url: '/api/v1/me', token: body.key })).status).toBe(401);
    const keys = await t.request({ method: 'GET', url: '/api/v1/api-keys', token: owner });
    expect(keys.body.items.find((k: { id: string }) => k.id === body.id).lastUsedAt).toBeGreaterThan(0);
  });

  it('cannot be given permissions its creator lacks', async () => {
    const admin = await t.memberWithRole('admin');
    const res = await create({ name: 'escalate', scopes: ['org:manage'] }, admin.token);
    expect(res.status).toBe(403);
    expect(res.body.error.details.scopes).toEqual(['org:manage']);
    expect((await create({ name: 'ok', scopes: ['events:ingest:trusted', 'users:read'] }, admin.token)).status).toBe(201);
  });

  it('refuses unknown scopes, empty scope lists and past expiry', async () => {
    for (const body of [
      { name: 'x', scopes: ['root'] },
      { name: 'x', scopes: [] },
      { name: '', scopes: ['events:ingest'] },
      { name: 'x', scopes: ['events:ingest'], expiresAt: Date.now() - 1000 },
    ]) {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation');
    }
  });

  it('stops working when revoked or expired', async () => {
    const { body } = await create({ name: 'short', scopes: ['audit:read'] });
    expect((await t.request({ method: 'DELETE', url: `/api/v1/api-keys/${body.id}`, token: owner })).status).toBe(204);
    const after = await t.request({ method: 'GET', url: '/api/v1/audit-log', token: body.key });
    expect(after.status).toBe(401);

    const soon = await create({ name: 'expiring', scopes: ['audit:read'], expiresAt: Date.now() + 300 });
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log', token: soon.body.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log', token: soon.body.key })).status).toBe(401);
  });

  it('keeps keys of one org away from another', async () => {
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Other Org' } });
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    const { body } = await create({ name: 'first-org-key', scopes: ['audit:read'] });
    const revoke = await t.request({ method: 'DELETE', url: `/api/v1/api-keys/${body.id}`, token: switched.body.token });
    expect(revoke.status).toBe(404);
    const list = await t.request({ method: 'GET', url: '/api/v1/api-keys', token: switched.body.token });
    expect(list.body.items).toEqual([]);
  });

  it('records creation and revocation in the audit log', async () => {
    const { body } = await create({ name: 'audited', scopes: ['events:ingest'] });
    await t.request({ method: 'DELETE', url: `/api/v1/api-keys/${body.id}`, token: owner });
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${body.id}`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['apikey.revoke', 'apikey.create']);
    expect(JSON.stringify(log.body)).not.toContain(body.key);
  });
});
