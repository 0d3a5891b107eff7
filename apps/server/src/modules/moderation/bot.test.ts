import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_REPLIES, type ChatMessage } from '@livedesk/contracts';
import { newId } from '../../lib/ids.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import type { RoomViewer } from '../room/ports.js';
import type { DanmakuBot } from './bot.js';
import { newShow, recordRoom, viewer, type Show } from './test-kit.js';

describe('danmaku bot', () => {
  let t: TestApp;
  let owner: string;
  let bot: DanmakuBot;
  let show: Show;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
    bot = t.livedesk.services.danmakuBot;
    show = await newShow(t, owner);
  });
  afterAll(() => t.close());

  const replies = (liveSessionId = show.id) => `/api/v1/live-sessions/${liveSessionId}/bot-replies`;
  const say = async (who: RoomViewer, text: string, extra: Partial<ChatMessage> = {}) => {
    const message: ChatMessage = { id: newId(), user: { id: who.identity, nickname: who.nickname, tags: [] }, text, at: Date.now(), ...extra };
    await bot.onChat(who, message);
    return message;
  };

  it('keeps a show’s replies explicit: created, edited, replaced from the template and deleted by staff', async () => {
    expect((await t.request({ method: 'GET', url: replies(), token: owner })).body).toEqual({ items: [] });
    const created = await t.request({ method: 'POST', url: replies(), token: owner, body: { keywords: ['尺码'], reply: '看详情页尺码表' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ keywords: ['尺码'], reply: '看详情页尺码表', position: 1 });
    const edited = await t.request({ method: 'PATCH', url: `${replies()}/${created.body.id}`, token: owner, body: { keywords: ['尺码', '码数'] } });
    expect(edited.body).toMatchObject({ keywords: ['尺码', '码数'], reply: '看详情页尺码表' });
    expect((await t.request({ method: 'DELETE', url: `${replies()}/${created.body.id}`, token: owner })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `${replies()}/${created.body.id}`, token: owner })).status).toBe(404);

    const applied = await t.request({ method: 'PUT', url: replies(), token: owner, body: { rules: DEFAULT_BOT_REPLIES } });
    expect(applied.body.items.map((r: { keywords: string[]; position: number }) => [r.keywords[0], r.position])).toEqual(DEFAULT_BOT_REPLIES.map((r, i) => [r.keywords[0], i + 1]));
    // Another show has none of them.
    const other = await newShow(t, owner);
    expect((await t.request({ method: 'GET', url: replies(other.id), token: owner })).body.items).toEqual([]);
    expect((await t.request({ method: 'POST', url: replies(newId()), token: owner, body: { keywords: ['x'], reply: 'y' } })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: replies(), token: owner, body: { keywords: [], reply: 'y' } })).status).toBe(400);
  });

  it('answers a keyword question in the room once per cooldown, and logs the reply', async () => {
    await t.request({ method: 'PUT', url: replies(), token: owner, body: { rules: [
      { keywords: ['发货', '几天到'], reply: '现货48小时内发货，偏远地区顺延' },
      { keywords: ['尺码'], reply: '看详情页尺码表' },
      { keywords: ['退货'], reply: '七天无理由退货' },
    ] } });
    const room = await recordRoom(t, show.id);
    const asker = viewer(show);
    const question = await say(asker, '请问 发-货 要几天呀');
    const answer = (await room.next('chat')).message;
    expect(answer).toMatchObject({ user: { id: 'bot', nickname: '直播间助手' }, text: '现货48小时内发货，偏远地区顺延', bot: true, replyTo: question.id });

    // A flood of the same question inside the cooldown gets no second answer; another rule still answers.
    for (let i = 0; i < 5; i++) await say(viewer(show), `几天到${i}`);
    await say(viewer(show), '尺码偏大吗');
    expect((await room.next('chat', { count: 2 })).message).toMatchObject({ text: '看详情页尺码表', bot: true });
    // Frames of one publisher arrive in order, so a second 发货 answer would have come before this one.
    expect(room.frames('chat').map((f) => f.message.text)).toEqual(['现货48小时内发货，偏远地区顺延', '看详情页尺码表']);

    // The bot ignores staff and bot messages: the answer goes to the viewer who asked after them.
    await say(viewer(show, { staff: true }), '退货请联系客服');
    await say(viewer(show), '退货', { bot: true });
    await say(viewer(show), '主播好漂亮');
    const returns = await say(viewer(show), '能退货吗');
    expect((await room.next('chat', { count: 3 })).message).toMatchObject({ text: '七天无理由退货', replyTo: returns.id });

    const log = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/moderation/log?action=bot.replied`, token: owner });
    expect(log.body.items).toHaveLength(3);
    expect(log.body.items[2]).toMatchObject({
      actorType: 'bot', target: asker.identity, messageId: question.id,
      detail: { keyword: '发货', question: '请问 发-货 要几天呀', reply: '现货48小时内发货，偏远地区顺延', replyId: answer.id },
    });
    await room.stop();
    expect(room.frames('chat')).toHaveLength(3);
  });

  it('answers with the first rule in the show’s order when several match', async () => {
    const show2 = await newShow(t, owner);
    await t.request({ method: 'PUT', url: replies(show2.id), token: owner, body: { rules: [
      { keywords: ['优惠'], reply: '关注领券' },
      { keywords: ['发货'], reply: '48小时发货' },
    ] } });
    const room = await recordRoom(t, show2.id);
    await say(viewer(show2), '发货快吗，有优惠吗');
    expect((await room.next('chat')).message.text).toBe('关注领券');
    await room.stop();
  });
});
