import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestApp, type TestApp } from '../../testing/app.js';
import { LOGIN_FAILURES_ALLOWED } from './service.js';

describe('sign-in, tokens and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs in with the right password and returns a token that works', async () => {
    const auth = await t.login();
    expect(auth.user.email).toBe(OWNER_EMAIL);
    expect(auth.expiresAt).toBeGreaterThan(Date.now());
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: auth.token });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('owner');
    expect(me.body.permissions).toContain('pii:read');
    expect(me.body.orgs).toHaveLength(1);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: OWNER_EMAIL, password: 'nope-nope-nope' } });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'nobody@test.local', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  it('throttles an email after repeated wrong passwords, even for the right one', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/users', token: (await t.login()).token, body: { email: 'victim@test.local', name: 'v', role: 'analyst', password: 'victim-password-1' } });
    expect(res.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'victim@test.local', password: `wrong-${i}` } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, LOGIN_FAILURES_ALLOWED)).toEqual(Array(LOGIN_FAILURES_ALLOWED).fill(401));
    expect(statuses.slice(LOGIN_FAILURES_ALLOWED)).toEqual(Array(10 - LOGIN_FAILURES_ALLOWED).fill(429));
    const right = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'victim@test.local', password: 'victim-password-1' } });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('rate_limited');
    expect(right.body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not locked by someone guessing this one.
    expect((await t.login()).user.email).toBe(OWNER_EMAIL);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const first = await t.login();
    const refreshed = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
    const replay = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    // The replay revoked the whole family, including the token the legitimate client holds now.
    const next = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: refreshed.body.refreshToken } });
    expect(next.status).toBe(401);
  });

  it('uses a refresh token once when two requests race with it', async () => {
    const auth = await t.login();
    const results = await Promise.all(
      [1, 2, 3].map(() => t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: auth.refreshToken } })),
    );
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('logs out by revoking the refresh token', async () => {
    const auth = await t.login();
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', body: { refreshToken: auth.refreshToken } });
    expect(out.status).toBe(204);
    const after = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: auth.refreshToken } });
    expect(after.status).toBe(401);
  });

  it('rejects tampered, foreign and missing tokens', async () => {
    const auth = await t.login();
    const tampered = `${auth.token.slice(0, -3)}${auth.token.endsWith('A') ? 'B' : 'A'}xx`;
    for (const token of [tampered, 'not-a-jwt', 'ldk_not-a-real-key']) {
      const res = await t.request({ method: 'GET', url: '/api/v1/me', token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/me' })).status).toBe(401);
    const badScheme = await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(badScheme.status).toBe(401);
  });

  it('switches organisation only into orgs the user belongs to', async () => {
    const auth = await t.login();
    const created = await t.request({ method: 'POST', url: '/api/v1/orgs', token: auth.token, body: { name: 'Second Shop', timezone: 'Europe/Berlin' } });
    expect(created.status).toBe(201);
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: auth.token, body: { orgId: created.body.id } });
    expect(switched.status).toBe(200);
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: switched.body.token });
    expect(me.body.org.name).toBe('Second Shop');
    expect(me.body.org.timezone).toBe('Europe/Berlin');
    expect(me.body.orgs).toHaveLength(2);
    // The org's creation is in the new org's audit log.
    const log = await t.request({ method: 'GET', url: '/api/v1/audit-log?action=org.create', token: switched.body.token });
    expect(log.body.items).toHaveLength(1);

    const analyst = await t.memberWithRole('analyst');
    const refused = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: analyst.token, body: { orgId: created.body.id } });
    expect(refused.status).toBe(403);
  });

  it('refuses an unknown time zone', async () => {
    const auth = await t.login();
    const res = await t.request({ method: 'POST', url: '/api/v1/orgs', token: auth.token, body: { name: 'X', timezone: 'Mars/Olympus' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
  });

  it('changes the password, signing other sessions out', async () => {
    const member = await t.memberWithRole('finance');
    const other = await t.login(member.user.email, 'finance-password-1');
    const wrong = await t.request({ method: 'POST', url: '/api/v1/me/password', token: member.token, body: { currentPassword: 'bad', newPassword: 'a-brand-new-password' } });
    expect(wrong.status).toBe(400);
    const ok = await t.request({ method: 'POST', url: '/api/v1/me/password', token: member.token, body: { currentPassword: 'finance-password-1', newPassword: 'a-brand-new-password' } });
    expect(ok.status).toBe(204);
    const refresh = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: other.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await t.login(member.user.email, 'a-brand-new-password')).user.id).toBe(member.user.id);
  });

  it('stops a disabled member at once, even with a live access token', async () => {
    const owner = await t.login();
    const member = await t.memberWithRole('operator');
    const disabled = await t.request({ method: 'PATCH', url: `/api/v1/users/${member.user.id}`, token: owner.token, body: { status: 'disabled' } });
    expect(disabled.status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', token: member.token })).status).toBe(401);
    const again = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: member.user.email, password: 'operator-password-1' } });
    expect(again.status).toBe(403);
  });

  it('never stores or returns the password', async () => {
    const auth = await t.login();
    expect(JSON.stringify(auth)).not.toContain(OWNER_PASSWORD);
    const row = await t.livedesk.infra.db.kysely.selectFrom('users').selectAll().where('email', '=', OWNER_EMAIL).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});
