import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

let now = Date.now();
const clock = { now: () => now };
let t: TestApp;
let token: string;
let ownerId: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  const auth = await t.login();
  token = auth.token;
  ownerId = auth.user.id;
});
afterAll(() => t.close());

const show = async (anchors: unknown[], start = true): Promise<string> => {
  const res = await t.request({ method: 'POST', url: '/api/v1/live-sessions', token, body: { title: '主播轮换', anchors } });
  expect(res.status).toBe(201);
  if (start) expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${res.body.id}/start`, token })).status).toBe(200);
  return res.body.id;
};
const setOnAir = (id: string, anchor: string | null, as = token) =>
  t.request({ method: 'PUT', url: `/api/v1/live-sessions/${id}/on-air`, token: as, body: { anchor } });
const shifts = async (id: string) => {
  const res = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/anchor-shifts`, token });
  expect(res.status).toBe(200);
  return res.body as { anchor: string; userId: string | null; startAt: number; endAt: number | null }[];
};
const audits = (id: string) =>
  t.livedesk.infra.db.kysely.selectFrom('audit_log').select(['action', 'changes']).where('target_id', '=', id).where('action', '=', 'live_session.on_air').orderBy('at').orderBy('id').execute();

describe('on air (主播上播)', () => {
  it('switches anchors, closing the previous shift when the next opens', async () => {
    const id = await show([{ name: '小美', userId: ownerId }, { name: '阿强' }]);
    const t0 = now;
    const first = await setOnAir(id, '小美');
    expect(first.status).toBe(200);
    expect(first.body.current).toEqual({ anchor: '小美', userId: ownerId, startAt: t0, endAt: null });

    now += 60_000;
    const again = await setOnAir(id, '小美');
    expect(again.body.current).toEqual(first.body.current);

    now += 60_000;
    const t1 = now;
    expect((await setOnAir(id, '阿强')).body.current).toEqual({ anchor: '阿强', userId: null, startAt: t1, endAt: null });
    now += 30_000;
    expect((await setOnAir(id, null)).body.current).toBeNull();
    expect((await setOnAir(id, null)).body.current).toBeNull();

    expect(await shifts(id)).toEqual([
      { anchor: '小美', userId: ownerId, startAt: t0, endAt: t1 },
      { anchor: '阿强', userId: null, startAt: t1, endAt: t1 + 30_000 },
    ]);
    // The no-ops leave no audit entries.
    expect((await audits(id)).map((a) => JSON.parse(a.changes))).toEqual([
      [{ field: 'onAir', from: null, to: '小美' }],
      [{ field: 'onAir', from: '小美', to: '阿强' }],
      [{ field: 'onAir', from: '阿强', to: null }],
    ]);
  });

  it('refuses an anchor who is not the show\'s, changing nothing', async () => {
    const id = await show([{ name: '小美' }]);
    await setOnAir(id, '小美');
    const stranger = await setOnAir(id, '路人');
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ code: 'validation', details: { field: 'anchor', anchors: ['小美'] } });
    expect(await shifts(id)).toEqual([expect.objectContaining({ anchor: '小美', endAt: null })]);
    const empty = await t.request({ method: 'PUT', url: `/api/v1/live-sessions/${id}/on-air`, token, body: { anchor: '  ' } });
    expect(empty.status).toBe(400);
  });

  it('works only while the show is live', async () => {
    const id = await show([{ name: '小美' }], false);
    const scheduled = await setOnAir(id, '小美');
    expect(scheduled.status).toBe(409);
    expect(scheduled.body.error).toMatchObject({ code: 'conflict', details: { status: 'scheduled' } });
    expect(await shifts(id)).toEqual([]);
    expect((await setOnAir('no-such-show', '小美')).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/live-sessions/no-such-show/anchor-shifts', token })).status).toBe(404);
  });

  it('closes the open shift when the show ends, at the end time', async () => {
    const id = await show([{ name: '小美' }]);
    await setOnAir(id, '小美');
    now += 90_000;
    const ended = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${id}/end`, token });
    expect(ended.status).toBe(200);
    expect(await shifts(id)).toEqual([expect.objectContaining({ anchor: '小美', endAt: ended.body.endedAt })]);
    const after = await setOnAir(id, '小美');
    expect(after.status).toBe(409);
    expect(after.body.error.details).toEqual({ status: 'ended' });
  });

  it('never leaves two open shifts when consoles switch at once', async () => {
    const names = ['小美', '阿强', '大卫'];
    const id = await show(names.map((name) => ({ name })));
    for (let round = 0; round < 3; round++) {
      now += 1000;
      const results = await Promise.all([...names, ...names].map((name) => setOnAir(id, name)));
      expect(results.map((r) => r.status)).toEqual(names.flatMap(() => [200, 200]));
      const all = await shifts(id);
      expect(all.filter((s) => s.endAt === null)).toHaveLength(1);
      // Back to back: each shift ends where the next begins.
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.endAt).toBe(all[i]!.startAt);
    }
  });

  it('needs live:moderate to switch and live:read to list', async () => {
    const id = await show([{ name: '小美' }]);
    const analyst = (await t.memberWithRole('analyst')).token;
    const finance = (await t.memberWithRole('finance')).token;
    const anchor = (await t.memberWithRole('anchor')).token;
    expect((await setOnAir(id, '小美', analyst)).status).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/anchor-shifts`, token: analyst })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/anchor-shifts`, token: finance })).status).toBe(403);
    expect((await setOnAir(id, '小美', anchor)).status).toBe(200);
    expect((await t.request({ method: 'PUT', url: `/api/v1/live-sessions/${id}/on-air`, body: { anchor: null } })).status).toBe(401);
  });
});
