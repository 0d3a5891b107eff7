import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_SHARE_MAX_HOURS, type LiveReview, type ReviewShare } from '@livedesk/contracts';
import { systemActor } from '../../lib/actor.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { ReviewShares } from './service.js';
import { endedShowWithSale, ORDER_FEN } from './test-kit.js';

const HOUR = 3_600_000;

describe('review share links', () => {
  let t: TestApp;
  const clock = new TestClock();
  let owner: string;
  let showId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    owner = (await t.login()).token;
    showId = await endedShowWithSale(t, clock, owner);
  });
  afterAll(async () => {
    await t.close();
  });

  const sharesUrl = (id = showId) => `/api/v1/live-sessions/${id}/review/shares`;
  const share = async (body: unknown = {}, id = showId): Promise<ReviewShare> => {
    const res = await t.request({ method: 'POST', url: sharesUrl(id), token: owner, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as ReviewShare;
  };
  const listed = async (id = showId, token = owner) => {
    const res = await t.request({ method: 'GET', url: sharesUrl(id), token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as ReviewShare[];
  };
  const open = (token: string) => t.request({ method: 'GET', url: `/api/v1/shared/reviews/${token}` });
  const hintOf = (s: ReviewShare) => s.token.slice(0, 6);

  it('opens the review without signing in until the link expires, not cached nor indexed', async () => {
    const before = clock.now();
    const created = await share({ expiresInHours: 2 });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created).toEqual({
      token: created.token,
      url: `/share/reviews/${created.token}`,
      liveSessionId: showId,
      createdAt: expect.any(Number),
      expiresAt: created.createdAt + 2 * HOUR,
      createdBy: expect.any(String),
    });
    expect(created.createdAt).toBeGreaterThanOrEqual(before);

    const opened = await open(created.token);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.headers['x-robots-tag']).toBe('noindex');
    const review = opened.body as LiveReview;
    expect(review.show).toMatchObject({ liveSessionId: showId, title: '周五上新专场' });
    expect(review.metrics.gmvFen).toBe(ORDER_FEN);

    clock.advance(2 * HOUR - 1000);
    expect((await open(created.token)).status).toBe(200);
    clock.advance(1000);
    const expired = await open(created.token);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ code: 'gone', message: 'This share link has expired', details: { expiresAt: created.expiresAt } });
    expect(expired.headers['cache-control']).toBe('no-store');
    expect((await listed()).map(hintOf)).not.toContain(hintOf(created));
  });

  it('lists active links by their hint only, newest first, and never their tokens', async () => {
    const first = await share();
    clock.advance(1);
    const second = await share({ expiresInHours: REVIEW_SHARE_MAX_HOURS });
    expect(first.expiresAt - first.createdAt).toBe(72 * HOUR);
    const res = await t.request({ method: 'GET', url: sharesUrl(), token: owner });
    const items = res.body.items as ReviewShare[];
    expect(items.slice(0, 2)).toEqual([
      { ...second, token: `${hintOf(second)}…`, url: `/share/reviews/${hintOf(second)}…` },
      { ...first, token: `${hintOf(first)}…`, url: `/share/reviews/${hintOf(first)}…` },
    ]);
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(first.token);
    expect(raw).not.toContain(second.token);
    // nor stored: the table keeps the SHA-256 only
    const stored = JSON.stringify(await t.livedesk.infra.db.kysely.selectFrom('review_shares').selectAll().execute());
    expect(stored).not.toContain(first.token);
  });

  it('revokes a link by its hint: the link is gone, the others still open', async () => {
    const kept = await share();
    const revoked = await share();
    const res = await t.request({ method: 'DELETE', url: `${sharesUrl()}/${hintOf(revoked)}`, token: owner });
    expect(res.status).toBe(204);
    const gone = await open(revoked.token);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 'gone', message: 'This share link has been revoked' });
    expect((await open(kept.token)).status).toBe(200);
    const hints = (await listed()).map((s) => s.token);
    expect(hints).toContain(`${hintOf(kept)}…`);
    expect(hints).not.toContain(`${hintOf(revoked)}…`);

    const again = await t.request({ method: 'DELETE', url: `${sharesUrl()}/${hintOf(revoked)}`, token: owner });
    expect(again.status).toBe(404);
    const malformed = await t.request({ method: 'DELETE', url: `${sharesUrl()}/abc`, token: owner });
    expect(malformed.status).toBe(400);

    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${showId}&limit=50`, token: owner });
    const actions = (audit.body.items as { action: string; changes: { field: string; from: unknown; to: unknown }[] }[]).map((e) => [e.action, e.changes[0]]);
    expect(actions).toContainEqual(['review_share.revoke', { field: 'share', from: hintOf(revoked), to: null }]);
    expect(actions).toContainEqual(['review_share.create', { field: 'share', from: null, to: hintOf(kept) }]);
  });

  it('answers 404 for an unknown token', async () => {
    const res = await open('A'.repeat(43));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect(res.headers['x-robots-tag']).toBe('noindex');
  });

  it('shares only ended shows of the caller\'s org', async () => {
    const live = await createShow(t, owner, { title: '还在直播' }, 'start');
    const notEnded = await t.request({ method: 'POST', url: sharesUrl(live.id), token: owner, body: {} });
    expect(notEnded.status).toBe(409);
    expect(notEnded.body.error).toMatchObject({ code: 'show_not_ended', details: { status: 'live' } });
    expect(await listed(live.id)).toEqual([]);

    const created = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Branch' } });
    const other = (await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: created.body.id } })).body.token as string;
    const mine = await share();
    for (const [method, url] of [['POST', sharesUrl()], ['GET', sharesUrl()], ['DELETE', `${sharesUrl()}/${hintOf(mine)}`]] as const) {
      const res = await t.request({ method, url, token: other, ...(method === 'POST' ? { body: {} } : {}) });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await open(mine.token)).status).toBe(200);
    expect((await t.request({ method: 'POST', url: sharesUrl('no-such-show'), token: owner, body: {} })).status).toBe(404);
  });

  it('needs reviews:write to create or revoke and analytics:read to list', async () => {
    expect((await t.request({ method: 'POST', url: sharesUrl(), body: {} })).status).toBe(401);
    expect((await t.request({ method: 'GET', url: sharesUrl() })).status).toBe(401);
    expect((await t.request({ method: 'DELETE', url: `${sharesUrl()}/abcdef` })).status).toBe(401);

    const anchor = (await t.memberWithRole('anchor')).token;
    const refused = await t.request({ method: 'POST', url: sharesUrl(), token: anchor, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.required).toBe('reviews:write');
    const mine = await share();
    expect((await t.request({ method: 'DELETE', url: `${sharesUrl()}/${hintOf(mine)}`, token: anchor })).status).toBe(403);
    expect((await listed(showId, anchor)).map((s) => s.token)).toContain(`${hintOf(mine)}…`);

    const warehouse = (await t.memberWithRole('warehouse')).token;
    expect((await t.request({ method: 'GET', url: sharesUrl(), token: warehouse })).status).toBe(403);

    const analyst = (await t.memberWithRole('analyst')).token;
    expect((await t.request({ method: 'POST', url: sharesUrl(), token: analyst, body: {} })).status).toBe(201);
  });

  it('refuses lifetimes outside 1 hour to 30 days', async () => {
    for (const expiresInHours of [0, REVIEW_SHARE_MAX_HOURS + 1, 1.5]) {
      const res = await t.request({ method: 'POST', url: sharesUrl(), token: owner, body: { expiresInHours } });
      expect(res.status, String(expiresInHours)).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe('body.expiresInHours');
    }
    const extra = await t.request({ method: 'POST', url: sharesUrl(), token: owner, body: { expiresInHours: 1, note: 'x' } });
    expect(extra.status).toBe(400);
  });

  it('makes links absolute when the public URL is configured', async () => {
    const review = { review: async () => ({}) as LiveReview };
    const shares = new ReviewShares(t.livedesk.infra.db, review, t.livedesk.services.audit, clock, 'https://shop.example.com');
    const created = await shares.create(systemActor((await t.login()).org.id), showId, { expiresInHours: 1 });
    expect(created.url).toBe(`https://shop.example.com/share/reviews/${created.token}`);
  });
});
