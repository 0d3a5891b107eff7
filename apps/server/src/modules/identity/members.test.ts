import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

describe('members and roles', () => {
  let t: TestApp;
  let owner: string;
  let ownerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const auth = await t.login();
    owner = auth.token;
    ownerId = auth.user.id;
  });
  afterAll(() => t.close());

  it('adds a new account with a role, and lists it', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/users', token: owner, body: { email: 'Op@Test.Local', name: '小李', role: 'operator', password: 'operator-pass-1' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user: { email: 'op@test.local', name: '小李' }, role: 'operator', status: 'active' });
    const list = await t.request({ method: 'GET', url: '/api/v1/users', token: owner });
    expect(list.body.items.map((m: { role: string }) => m.role)).toEqual(['owner', 'operator']);
  });

  it('refuses a duplicate member and a new account without a password', async () => {
    const dup = await t.request({ method: 'POST', url: '/api/v1/users', token: owner, body: { email: 'op@test.local', name: 'x', role: 'analyst' } });
    expect(dup.status).toBe(409);
    const noPassword = await t.request({ method: 'POST', url: '/api/v1/users', token: owner, body: { email: 'fresh@test.local', name: 'x', role: 'analyst' } });
    expect(noPassword.status).toBe(400);
    const short = await t.request({ method: 'POST', url: '/api/v1/users', token: owner, body: { email: 'fresh@test.local', name: 'x', role: 'analyst', password: 'short' } });
    expect(short.status).toBe(400);
    const count = await t.livedesk.infra.db.kysely.selectFrom('users').select('id').where('email', '=', 'fresh@test.local').execute();
    expect(count).toEqual([]);
  });

  it('lets an existing account join another org with its own password', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Branch' } });
    const branch = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: created.body.id } });
    const joined = await t.request({ method: 'POST', url: '/api/v1/users', token: branch.body.token, body: { email: 'op@test.local', name: 'ignored', role: 'anchor' } });
    expect(joined.status).toBe(201);
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'op@test.local', password: 'operator-pass-1', orgId: created.body.id } });
    expect(login.status).toBe(200);
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: login.body.token });
    expect(me.body.role).toBe('anchor');
    expect(me.body.permissions).not.toContain('catalog:write');
  });

  it('always keeps one active owner', async () => {
    const demote = await t.request({ method: 'PATCH', url: `/api/v1/users/${ownerId}`, token: owner, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    const disable = await t.request({ method: 'PATCH', url: `/api/v1/users/${ownerId}`, token: owner, body: { status: 'disabled' } });
    expect(disable.status).toBe(409);
    const remove = await t.request({ method: 'DELETE', url: `/api/v1/users/${ownerId}`, token: owner });
    expect(remove.status).toBe(409);
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: owner });
    expect(me.body.role).toBe('owner');
  });

  it('keeps owners out of an admin’s reach', async () => {
    const admin = await t.memberWithRole('admin');
    const promote = await t.request({ method: 'PATCH', url: `/api/v1/users/${admin.user.id}`, token: admin.token, body: { role: 'owner' } });
    expect(promote.status).toBe(403);
    const touchOwner = await t.request({ method: 'PATCH', url: `/api/v1/users/${ownerId}`, token: admin.token, body: { role: 'analyst' } });
    expect(touchOwner.status).toBe(403);
    const addOwner = await t.request({ method: 'POST', url: '/api/v1/users', token: admin.token, body: { email: 'o2@test.local', name: 'o2', role: 'owner', password: 'owner-two-pass' } });
    expect(addOwner.status).toBe(403);
    const addOperator = await t.request({ method: 'POST', url: '/api/v1/users', token: admin.token, body: { email: 'o3@test.local', name: 'o3', role: 'operator', password: 'operator-three' } });
    expect(addOperator.status).toBe(201);
  });

  it('hands ownership over: promote a second owner, then the first may step down', async () => {
    const next = await t.memberWithRole('admin');
    expect((await t.request({ method: 'PATCH', url: `/api/v1/users/${next.user.id}`, token: owner, body: { role: 'owner' } })).status).toBe(200);
    const stepDown = await t.request({ method: 'PATCH', url: `/api/v1/users/${ownerId}`, token: owner, body: { role: 'admin' } });
    expect(stepDown.status).toBe(200);
    const back = await t.request({ method: 'PATCH', url: `/api/v1/users/${ownerId}`, token: next.token, body: { role: 'owner' } });
    expect(back.status).toBe(200);
  });

  it('removes a member and signs them out of that org', async () => {
    const member = await t.memberWithRole('customer_service');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/users/${member.user.id}`, token: owner })).status).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', token: member.token })).status).toBe(401);
    const refresh = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: member.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/users/${member.user.id}`, token: owner })).status).toBe(404);
  });

  it('lists every role with its permissions', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/roles', token: owner });
    expect(res.body.items.map((r: { role: string }) => r.role)).toEqual(['owner', 'admin', 'operator', 'anchor', 'customer_service', 'finance', 'warehouse', 'analyst']);
    expect(res.body.permissions).toContain('pii:read');
  });
});
