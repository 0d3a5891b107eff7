import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import type { Moderation } from './service.js';
import { newBuyerId, newShow, recordRoom, viewer, type Show } from './test-kit.js';

describe('moderation staff API', () => {
  let t: TestApp;
  let owner: string;
  let moderation: Moderation;
  let show: Show;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
    moderation = t.livedesk.services.moderation;
    show = await newShow(t, owner);
  });
  afterAll(() => t.close());

  const url = (path: string, liveSessionId = show.id) => `/api/v1/live-sessions/${liveSessionId}/moderation${path}`;

  it('needs live:moderate on every staff route, and a show of the caller’s shop', async () => {
    const analyst = (await t.memberWithRole('analyst')).token;
    const anchor = (await t.memberWithRole('anchor')).token;
    const { buyerId, token: buyer } = await newBuyerId(t);
    const routes: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: unknown }[] = [
      { method: 'GET', url: '/api/v1/moderation/words' },
      { method: 'POST', url: '/api/v1/moderation/words', body: { word: '测试词' } },
      { method: 'POST', url: '/api/v1/moderation/words/import', body: { list: '测试词二' } },
      { method: 'GET', url: url('') },
      { method: 'GET', url: url('/restrictions') },
      { method: 'POST', url: url('/mute'), body: { identity: buyerId } },
      { method: 'POST', url: url('/unmute'), body: { identity: buyerId } },
      { method: 'POST', url: url('/ban'), body: { identity: buyerId } },
      { method: 'POST', url: url('/unban'), body: { identity: buyerId } },
      { method: 'POST', url: url('/kick'), body: { identity: buyerId } },
      { method: 'POST', url: url('/delete-message'), body: { messageId: newId() } },
      { method: 'POST', url: url('/announcement'), body: { text: '今晚八点秒杀' } },
      { method: 'POST', url: url('/slow-mode'), body: { seconds: 5 } },
      { method: 'GET', url: url('/queue') },
      { method: 'GET', url: url('/log') },
      { method: 'GET', url: `/api/v1/live-sessions/${show.id}/bot-replies` },
      { method: 'PUT', url: `/api/v1/live-sessions/${show.id}/bot-replies`, body: { rules: [] } },
    ];
    for (const route of routes) {
      expect((await t.request({ ...route, token: analyst })).status, `${route.method} ${route.url} as analyst`).toBe(403);
      expect((await t.request({ ...route, token: buyer })).status, `${route.method} ${route.url} as buyer`).toBe(401);
      expect((await t.request({ ...route })).status, `${route.method} ${route.url} anonymous`).toBe(401);
      expect((await t.request({ ...route, token: anchor })).status, `${route.method} ${route.url} as anchor`).toBeLessThan(300);
    }
    for (const path of ['/mute', '/announcement']) {
      const res = await t.request({ method: 'POST', url: url(path, newId()), token: owner, body: path === '/mute' ? { identity: buyerId } : { text: 'x' } });
      expect(res.status).toBe(404);
    }
  });

  it('seeds the default words, then edits, imports and deletes them, with the filter following at once', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/moderation/words', token: owner });
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ word: '微信', normalized: '微信', action: 'mask' })]));

    const added = await t.request({ method: 'POST', url: '/api/v1/moderation/words', token: owner, body: { word: 'Ｄｏｕ Ｙｉｎ', action: 'block' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ word: 'Ｄｏｕ Ｙｉｎ', normalized: 'douyin', action: 'block' });
    expect(await moderation.admitChat(viewer(show), '去d.o.u.y.i.n找我')).toMatchObject({ ok: false, code: 'blocked_word' });
    // The same word in another spelling changes the listed word's action instead of adding one.
    const changed = await t.request({ method: 'POST', url: '/api/v1/moderation/words', token: owner, body: { word: 'douyin', action: 'mask' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: added.body.id, word: 'Ｄｏｕ Ｙｉｎ', action: 'mask' });
    expect(await moderation.admitChat(viewer(show), '去douyin找我')).toEqual({ ok: true, text: '去******找我' });
    expect((await t.request({ method: 'POST', url: '/api/v1/moderation/words', token: owner, body: { word: '!!!' } })).status).toBe(400);

    const imported = await t.request({
      method: 'POST', url: '/api/v1/moderation/words/import', token: owner,
      body: { list: '# 竞品\n\n拼多多\r\n拼 多 多\n淘宝\n微信\n***\n' + 'x'.repeat(60), action: 'review' },
    });
    expect(imported.body).toEqual({ added: 2, updated: 1, rejected: ['***', 'x'.repeat(60)] });
    expect(await moderation.admitChat(viewer(show), '拼多多更便宜')).toMatchObject({ ok: false, code: 'held' });
    expect(await moderation.admitChat(viewer(show), '加我微信')).toMatchObject({ ok: false, code: 'held' });

    expect((await t.request({ method: 'DELETE', url: `/api/v1/moderation/words/${added.body.id}`, token: owner })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/moderation/words/${added.body.id}`, token: owner })).status).toBe(404);
    expect(await moderation.admitChat(viewer(show), '去douyin找我')).toEqual({ ok: true, text: '去douyin找我' });

    const audit = await t.request({ method: 'GET', url: '/api/v1/audit-log?targetType=sensitive_word&limit=4', token: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['moderation.word.delete', 'moderation.word.import', 'moderation.word.update', 'moderation.word.create']);
  });

  it('approves a held message into the room and rejects another unseen', async () => {
    const room = await recordRoom(t, show.id);
    const writer = viewer(show);
    expect(await moderation.admitChat(writer, '是不是假货 最低价')).toMatchObject({ code: 'held' });
    expect(await moderation.admitChat(viewer(show), '骗子主播')).toMatchObject({ code: 'held' });
    const queue = (await t.request({ method: 'GET', url: url('/queue'), token: owner })).body.items as { messageId: string; text: string }[];
    const first = queue.find((i) => i.text === '是不是假货 最低价')!;
    const second = queue.find((i) => i.text === '骗子主播')!;

    const approved = await t.request({ method: 'POST', url: url(`/queue/${first.messageId}/approve`), token: owner });
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: expect.any(String) });
    // Mask words still apply to what the room sees.
    expect((await room.next('chat')).message).toMatchObject({ id: first.messageId, user: { id: writer.identity, nickname: '小明' }, text: '是不是假货 ***' });
    expect((await t.request({ method: 'POST', url: url(`/queue/${first.messageId}/approve`), token: owner })).status).toBe(409);
    expect((await t.request({ method: 'POST', url: url(`/queue/${first.messageId}/reject`), token: owner })).status).toBe(409);
    expect((await t.request({ method: 'POST', url: url(`/queue/${newId()}/reject`), token: owner })).status).toBe(404);
    // Another show's moderators cannot decide this show's queue through their own show.
    const other = await newShow(t, owner);
    expect((await t.request({ method: 'POST', url: url(`/queue/${second.messageId}/reject`, other.id), token: owner })).status).toBe(404);

    expect((await t.request({ method: 'POST', url: url(`/queue/${second.messageId}/reject`), token: owner })).body).toMatchObject({ status: 'rejected' });
    const pending = (await t.request({ method: 'GET', url: url('/queue'), token: owner })).body.items as { messageId: string }[];
    expect(pending.map((i) => i.messageId)).not.toContain(first.messageId);
    const decided = await t.request({ method: 'GET', url: url('/queue?status=rejected'), token: owner });
    expect(decided.body.items.map((i: { messageId: string }) => i.messageId)).toContain(second.messageId);
    await room.stop();
    expect(room.frames('chat')).toHaveLength(1);
  });

  it('queues a reported message once per reporter, and deletes it from the chat on rejection', async () => {
    const author = viewer(show);
    const messageId = newId();
    await moderation.onChat(author, { id: messageId, user: { id: author.identity, nickname: '小明', tags: [] }, text: '这个主播不行', at: Date.now() });
    const report = (token: string, id = messageId) => t.request({ method: 'POST', url: `/api/v1/live-sessions/${show.id}/chat/${id}/report`, token, body: { reason: '辱骂' } });
    const a = await newBuyerId(t);
    const b = await newBuyerId(t);
    expect((await report(a.token)).status).toBe(204);
    expect((await report(a.token)).status).toBe(204);
    expect((await report(b.token)).status).toBe(204);
    expect((await report(a.token, newId())).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${show.id}/chat/${messageId}/report`, token: owner, body: {} })).status).toBe(401);

    const queue = (await t.request({ method: 'GET', url: url('/queue'), token: owner })).body.items;
    expect(queue.find((i: { messageId: string }) => i.messageId === messageId)).toMatchObject({ source: 'report', identity: author.identity, text: '这个主播不行', reports: 2 });
    const room = await recordRoom(t, show.id);
    await t.request({ method: 'POST', url: url(`/queue/${messageId}/reject`), token: owner });
    expect(await room.next('chat.deleted')).toEqual({ t: 'chat.deleted', id: messageId });
    await room.stop();
  });

  it('deletes a message, pins and clears the announcement, and broadcasts both', async () => {
    const room = await recordRoom(t, show.id);
    const author = viewer(show);
    const messageId = newId();
    await moderation.onChat(author, { id: messageId, user: { id: author.identity, nickname: '小明', tags: [] }, text: '广告广告', at: Date.now() });
    expect((await t.request({ method: 'POST', url: url('/delete-message'), token: owner, body: { messageId, reason: '广告' } })).status).toBe(204);
    expect(await room.next('chat.deleted')).toEqual({ t: 'chat.deleted', id: messageId });

    const pinned = await t.request({ method: 'POST', url: url('/announcement'), token: owner, body: { text: '今晚八点 福袋 + 秒杀' } });
    expect(pinned.body).toMatchObject({ announcement: '今晚八点 福袋 + 秒杀' });
    expect(await room.next('announcement')).toEqual({ t: 'announcement', text: '今晚八点 福袋 + 秒杀' });
    expect(await moderation.announcement(show.id)).toBe('今晚八点 福袋 + 秒杀');
    // The live module reads it for the viewer page.
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}`, token: owner })).body.announcement).toBe('今晚八点 福袋 + 秒杀');
    expect((await t.request({ method: 'POST', url: url('/announcement'), token: owner, body: { text: 'a\u0000b' } })).status).toBe(400);
    await t.request({ method: 'POST', url: url('/announcement'), token: owner, body: { text: null } });
    expect(await room.next('announcement', { count: 2 })).toEqual({ t: 'announcement', text: null });
    expect(await moderation.announcement(show.id)).toBeNull();
    await room.stop();
  });

  it('logs every decision with who took it, newest first, filterable and in pages', async () => {
    const logged = await newShow(t, owner);
    const { buyerId } = await newBuyerId(t);
    const u = (path: string) => url(path, logged.id);
    await t.request({ method: 'POST', url: u('/mute'), token: owner, body: { identity: buyerId, minutes: 5, reason: '刷屏' } });
    await moderation.admitChat(viewer(logged), '傻逼');
    await t.request({ method: 'POST', url: u('/unmute'), token: owner, body: { identity: buyerId } });
    await t.request({ method: 'POST', url: u('/kick'), token: owner, body: { identity: buyerId, minutes: 1 } });
    await t.request({ method: 'POST', url: u('/slow-mode'), token: owner, body: { seconds: 10 } });

    const all = await t.request({ method: 'GET', url: u('/log'), token: owner });
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual(['slow_mode.set', 'viewer.kicked', 'viewer.unmuted', 'word.blocked', 'viewer.muted']);
    const mute = all.body.items[4];
    expect(mute).toMatchObject({ actorType: 'user', actorName: expect.any(String), target: buyerId, reason: '刷屏', detail: { scope: 'session', minutes: 5 } });
    expect(mute.detail.until).toBe(mute.at + 5 * 60_000);
    expect(all.body.items[3]).toMatchObject({ actorType: 'system', actorId: null, detail: { words: ['傻逼'], text: '傻逼' } });

    const byTarget = await t.request({ method: 'GET', url: u(`/log?target=${buyerId}&action=viewer.kicked`), token: owner });
    expect(byTarget.body.items).toHaveLength(1);
    const page1 = await t.request({ method: 'GET', url: u('/log?limit=2'), token: owner });
    const page2 = await t.request({ method: 'GET', url: u(`/log?limit=2&cursor=${page1.body.nextCursor}`), token: owner });
    const page3 = await t.request({ method: 'GET', url: u(`/log?limit=2&cursor=${page2.body.nextCursor}`), token: owner });
    expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((e: { id: string }) => e.id)).toEqual(all.body.items.map((e: { id: string }) => e.id));
    expect(page3.body.nextCursor).toBeNull();
    expect((await t.request({ method: 'GET', url: u('/log?cursor=bogus'), token: owner })).status).toBe(400);

    const restrictions = await t.request({ method: 'GET', url: u('/restrictions'), token: owner });
    expect(restrictions.body.items).toEqual([expect.objectContaining({ kind: 'kick', identity: buyerId })]);
    // Staff actions are in the audit log too.
    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${buyerId}`, token: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['moderation.kick', 'moderation.unmute', 'moderation.mute']);
  });
});
