import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import type { Moderation } from './service.js';
import { newBuyerId, newDevice, newShow, recordRoom, viewer, type Show } from './test-kit.js';
import { TestClock } from '../../testing/clock.js';

describe('chat policy', () => {
  const clock = new TestClock();
  let t: TestApp;
  let owner: string;
  let moderation: Moderation;
  let show: Show;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    owner = (await t.login()).token;
    moderation = t.livedesk.services.moderation;
    show = await newShow(t, owner);
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, liveSessionId = show.id) =>
    t.request({ method: 'POST', url: `/api/v1/live-sessions/${liveSessionId}/moderation/${path}`, token: owner, body });

  it('delivers clean chat, masks mask words, refuses block words and holds review words', async () => {
    expect(await moderation.admitChat(viewer(show), '主播好，这件有黑色吗')).toEqual({ ok: true, text: '主播好，这件有黑色吗' });
    // The default list is seeded on first use: 微信 is masked, 傻逼 blocked, 假货 held for review.
    expect(await moderation.admitChat(viewer(show), '有 微-信 吗')).toEqual({ ok: true, text: '有 *** 吗' });
    expect(await moderation.admitChat(viewer(show), 'ｗｅｉｘｉｎ多少')).toEqual({ ok: true, text: '******多少' });
    expect(await moderation.admitChat(viewer(show), '主播是傻 逼')).toMatchObject({ ok: false, code: 'blocked_word' });
    expect(await moderation.admitChat(viewer(show), '加V：abc123')).toMatchObject({ ok: false, code: 'blocked_word' });
    const held = viewer(show);
    expect(await moderation.admitChat(held, '这是假货吧？加我微信')).toMatchObject({ ok: false, code: 'held' });

    const queue = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/moderation/queue`, token: owner });
    expect(queue.body.items).toEqual([
      expect.objectContaining({ source: 'word', identity: held.identity, nickname: '小明', text: '这是假货吧？加我微信', words: ['假货', '微信'], status: 'pending' }),
    ]);
    const log = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/moderation/log`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['word.held', 'word.blocked', 'word.blocked', 'word.masked', 'word.masked']);
    expect(log.body.items[1]).toMatchObject({ actorType: 'system', detail: { words: ['加V'], text: '加V：abc123' } });
  });

  it('limits each viewer to bursts of three messages, and not staff', async () => {
    const fast = viewer(show);
    for (let i = 0; i < 3; i++) expect(await moderation.admitChat(fast, `第${i}条`)).toMatchObject({ ok: true });
    expect(await moderation.admitChat(fast, '第4条')).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await moderation.admitChat(viewer(show), '别人不受影响')).toMatchObject({ ok: true });
    const staff = viewer(show, { staff: true });
    for (let i = 0; i < 10; i++) expect(await moderation.admitChat(staff, `欢迎来到直播间 加微信 ${i}`)).toMatchObject({ ok: true });
  });

  it('spaces one viewer’s messages by the slow-mode seconds staff set, and tells the room', async () => {
    const room = await recordRoom(t, show.id);
    const slow = await post('slow-mode', { seconds: 30 });
    expect(slow.body).toEqual({ liveSessionId: show.id, announcement: null, slowModeSeconds: 30 });
    expect(await room.next('slowmode')).toEqual({ t: 'slowmode', seconds: 30 });
    const a = viewer(show);
    expect(await moderation.admitViewer(a)).toEqual({ ok: true, muted: false, slowModeSeconds: 30 });
    expect(await moderation.admitChat(a, '第一条')).toMatchObject({ ok: true });
    const refused = await moderation.admitChat(a, '第二条');
    expect(refused).toMatchObject({ ok: false, code: 'slow_mode' });
    expect(refused.ok === false && refused.message).toMatch(/wait (29|30) s/);
    expect(await moderation.admitChat(viewer(show), '另一个观众')).toMatchObject({ ok: true });
    expect(await moderation.admitChat(viewer(show, { staff: true }), '运营')).toMatchObject({ ok: true });
    await post('slow-mode', { seconds: 0 });
    expect(await room.next('slowmode', { count: 2 })).toEqual({ t: 'slowmode', seconds: 0 });
    expect(await moderation.admitChat(a, '第三条')).toMatchObject({ ok: true });
    await room.stop();
  });

  it('mutes a buyer for a while, tells them, and unmutes them', async () => {
    const { buyerId } = await newBuyerId(t);
    const room = await recordRoom(t, show.id);
    const muted = await post('mute', { identity: buyerId, minutes: 10, reason: '刷屏' });
    expect(muted.status).toBe(200);
    expect(muted.body).toMatchObject({ kind: 'mute', scope: 'session', identity: buyerId, reason: '刷屏', until: muted.body.createdAt + 600_000 });
    expect(await room.next('muted', { to: buyerId })).toEqual({ t: 'muted', until: muted.body.until });
    const buyer = viewer(show, { buyerId });
    expect(await moderation.admitViewer(buyer)).toMatchObject({ ok: true, muted: true });
    expect(await moderation.admitChat(buyer, '我被禁言了吗')).toMatchObject({ ok: false, code: 'muted' });
    // A mute runs out by itself.
    clock.advance(600_001);
    expect(await moderation.admitChat(buyer, '十分钟后')).toMatchObject({ ok: true });

    await post('mute', { identity: buyerId });
    // (admitViewer rather than more chat: this buyer has used up its burst of three)
    expect(await moderation.admitViewer(viewer(show, { buyerId }))).toMatchObject({ ok: true, muted: true });
    expect((await post('unmute', { identity: buyerId })).body).toEqual({ lifted: 1 });
    expect(await room.next('unmuted', { to: buyerId })).toEqual({ t: 'unmuted' });
    expect(await moderation.admitChat(viewer(show, { buyerId }), '解除了')).toMatchObject({ ok: true });
    expect((await post('unmute', { identity: buyerId })).body).toEqual({ lifted: 0 });
    await room.stop();
  });

  it('keeps a banned buyer out across reconnects, new devices and signing out, and kicks every device', async () => {
    const { buyerId } = await newBuyerId(t);
    const phone = newDevice();
    const tablet = newDevice();
    expect(await moderation.admitViewer(viewer(show, { buyerId, anonymousId: phone }))).toMatchObject({ ok: true });
    const room = await recordRoom(t, show.id);
    const ban = await post('ban', { identity: buyerId, reason: '骂人' });
    expect(ban.body).toMatchObject({ kind: 'ban', scope: 'session', until: null });
    // The gateway closes the sockets of every identity the buyer may be connected as.
    expect(await room.next('kicked', { to: buyerId })).toEqual({ t: 'kicked', reason: '骂人' });
    expect(await room.next('kicked', { to: `anon:${phone}` })).toEqual({ t: 'kicked', reason: '骂人' });

    for (const again of [
      viewer(show, { buyerId, anonymousId: phone }), // reconnect
      viewer(show, { buyerId, anonymousId: tablet }), // a new device, signed in
      viewer(show, { anonymousId: phone }), // the same phone, signed out
    ]) {
      expect(await moderation.admitViewer(again)).toEqual({ ok: false, code: 'banned', message: 'You are banned from this room' });
      expect(await moderation.admitChat(again, '我回来了')).toMatchObject({ ok: false, code: 'banned' });
    }
    // The tablet signed in once above, so it is the buyer's now even signed out.
    expect(await moderation.admitViewer(viewer(show, { anonymousId: tablet }))).toMatchObject({ ok: false });
    expect(await moderation.admitViewer(viewer(show))).toMatchObject({ ok: true });
    // A ban of this show does not reach the shop's other shows; a shop-wide one does.
    const other = await newShow(t, owner);
    expect(await moderation.admitViewer(viewer(other, { buyerId }))).toMatchObject({ ok: true });
    await post('ban', { identity: buyerId, scope: 'org', minutes: 60 * 24 });
    expect(await moderation.admitViewer(viewer(other, { buyerId }))).toMatchObject({ ok: false, code: 'banned' });

    expect((await post('unban', { identity: buyerId })).body).toEqual({ lifted: 2 });
    expect(await moderation.admitViewer(viewer(show, { buyerId, anonymousId: tablet }))).toMatchObject({ ok: true });
    expect(await moderation.admitViewer(viewer(other, { buyerId }))).toMatchObject({ ok: true });
    await room.stop();
  });

  it('bans an anonymous device, which then stays out when it signs in, and so does that buyer elsewhere', async () => {
    const device = newDevice();
    expect((await post('ban', { identity: `anon:${device}` })).status).toBe(200);
    expect(await moderation.admitViewer(viewer(show, { anonymousId: device }))).toMatchObject({ ok: false, code: 'banned' });
    const { buyerId } = await newBuyerId(t);
    expect(await moderation.admitViewer(viewer(show, { buyerId, anonymousId: device }))).toMatchObject({ ok: false, code: 'banned' });
    expect(await moderation.admitViewer(viewer(show, { buyerId, anonymousId: newDevice() }))).toMatchObject({ ok: false, code: 'banned' });
    expect(await moderation.admitViewer(viewer(show, { buyerId: (await newBuyerId(t)).buyerId }))).toMatchObject({ ok: true });
  });

  it('keeps a kicked viewer out of the show for the cool-down, then lets them back', async () => {
    const { buyerId } = await newBuyerId(t);
    const room = await recordRoom(t, show.id);
    const kick = await post('kick', { identity: buyerId, minutes: 5 });
    expect(kick.body).toMatchObject({ kind: 'kick', scope: 'session' });
    expect(await room.next('kicked', { to: buyerId })).toEqual({ t: 'kicked', reason: 'kicked' });
    const refused = await moderation.admitViewer(viewer(show, { buyerId }));
    expect(refused).toMatchObject({ ok: false, code: 'banned' });
    expect(refused.ok === false && refused.message).toContain(new Date(kick.body.until).toISOString());
    expect(await moderation.admitViewer(viewer(await newShow(t, owner), { buyerId }))).toMatchObject({ ok: true });
    clock.advance(5 * 60_000 + 1);
    expect(await moderation.admitViewer(viewer(show, { buyerId }))).toMatchObject({ ok: true, muted: false });
    await room.stop();
  });

  it('admits staff always and refuses to restrict them', async () => {
    const staff = viewer(show, { staff: true });
    expect((await post('ban', { identity: staff.identity })).status).toBe(400);
    expect(await moderation.admitViewer(staff)).toMatchObject({ ok: true, muted: false });
    expect((await post('mute', { identity: 'no-such-buyer' })).status).toBe(404);
    expect((await post('mute', { identity: 'anon:x' })).status).toBe(400);
  });
});
