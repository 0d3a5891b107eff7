import type { ChatMessage, FlashSaleState, LotteryState, ServerFrame, ServerFrameOf } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { applyFrame, applyFrames, CHAT_HISTORY, disconnected, initialRoomState, isMuted, type RoomState } from './state';

const message = (id: string, text = `comment ${id}`): ChatMessage => ({
  id,
  user: { id: `anon:${id}`, nickname: `viewer ${id}`, tags: [] },
  text,
  at: 1_000,
});

const sale = (patch: Partial<FlashSaleState> = {}): FlashSaleState => ({
  flashSaleId: 'fs1',
  productId: 'p1',
  skuId: 's1',
  title: 'Down jacket',
  priceFen: 9900,
  originalPriceFen: 29900,
  quota: 100,
  remaining: 100,
  perUserLimit: 1,
  startAt: 10_000,
  endAt: 70_000,
  status: 'running',
  ...patch,
});

const lottery = (patch: Partial<LotteryState> = {}): LotteryState => ({
  lotteryId: 'l1',
  prize: 'Tea set',
  winnerCount: 3,
  rule: { kind: 'comment', keyword: '想要' },
  drawAt: 90_000,
  seedHash: 'ab'.repeat(32),
  status: 'open',
  entrants: 0,
  ...patch,
});

const welcome = (patch: Partial<ServerFrameOf<'welcome'>['snapshot']> = {}, you: Partial<ServerFrameOf<'welcome'>['you']> = {}): ServerFrame => ({
  t: 'welcome',
  you: { identity: 'anon:a1', buyerId: null, role: 'viewer', muted: false, following: false, coins: 0, ...you },
  snapshot: {
    status: 'live',
    online: 12,
    likes: 340,
    pinnedProductIds: ['p1'],
    announcement: 'Free shipping tonight',
    flashSales: [],
    lotteries: [],
    recentChat: [message('m1'), message('m2')],
    slowModeSeconds: 0,
    ...patch,
  },
});

const joined = (patch?: Parameters<typeof welcome>[0], you?: Parameters<typeof welcome>[1]): RoomState =>
  applyFrame(initialRoomState, welcome(patch, you));

describe('joining a room', () => {
  it('takes everything from the welcome snapshot', () => {
    const state = joined();
    expect(state).toMatchObject({
      joined: true,
      status: 'live',
      online: 12,
      likes: 340,
      pinnedProductIds: ['p1'],
      announcement: 'Free shipping tonight',
      you: { identity: 'anon:a1', coins: 0 },
    });
    expect(state.chat.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('keeps only the latest comments of a long snapshot', () => {
    const recentChat = Array.from({ length: CHAT_HISTORY + 20 }, (_, i) => message(`m${i}`));
    const state = joined({ recentChat });
    expect(state.chat).toHaveLength(CHAT_HISTORY);
    expect(state.chat.at(-1)?.id).toBe(`m${CHAT_HISTORY + 19}`);
  });

  it('after a reconnect, replaces the room state but remembers lottery entries and draws', () => {
    let state = joined({ lotteries: [lottery()] });
    state = applyFrames(state, [{ t: 'lottery.entered', lotteryId: 'l1' }, { t: 'chat', message: message('m3') }]);
    state = disconnected(state);
    expect(state.joined).toBe(false);
    state = applyFrame(state, welcome({ online: 30, recentChat: [message('m2'), message('m3'), message('m4')], lotteries: [lottery({ entrants: 5 })] }));
    expect(state.joined).toBe(true);
    expect(state.online).toBe(30);
    expect(state.chat.map((m) => m.id)).toEqual(['m2', 'm3', 'm4']);
    expect(state.lotteries[0]).toMatchObject({ entrants: 5, entered: true });
  });

  it('starts muted when the server says so', () => {
    const state = joined({}, { muted: true });
    expect(isMuted(state, 0)).toBe(true);
  });
});

describe('the comment stream', () => {
  it('appends comments, once each, and trims to the history length', () => {
    let state = joined({ recentChat: [] });
    for (let i = 0; i < CHAT_HISTORY + 5; i++) state = applyFrame(state, { t: 'chat', message: message(`c${i}`) });
    state = applyFrame(state, { t: 'chat', message: message(`c${CHAT_HISTORY + 4}`) });
    expect(state.chat).toHaveLength(CHAT_HISTORY);
    expect(state.chat[0]?.id).toBe('c5');
    expect(new Set(state.chat.map((m) => m.id)).size).toBe(CHAT_HISTORY);
  });

  it('removes a deleted comment', () => {
    const state = applyFrame(joined(), { t: 'chat.deleted', id: 'm1' });
    expect(state.chat.map((m) => m.id)).toEqual(['m2']);
  });
});

describe('room counters and show state', () => {
  it('follows likes, online count, status, pins and the announcement', () => {
    const state = applyFrames(joined(), [
      { t: 'likes', total: 400, delta: 60 },
      { t: 'online', count: 15 },
      { t: 'pin', productIds: ['p2', 'p3'] },
      { t: 'announcement', text: null },
      { t: 'status', status: 'ended' },
      { t: 'slowmode', seconds: 5 },
    ]);
    expect(state).toMatchObject({ likes: 400, online: 15, pinnedProductIds: ['p2', 'p3'], announcement: null, status: 'ended', slowModeSeconds: 5 });
  });

  it('updates the viewer’s coins and follow state', () => {
    const state = applyFrames(joined(), [
      { t: 'coins', balance: 90 },
      { t: 'followed', following: true },
    ]);
    expect(state.you).toMatchObject({ coins: 90, following: true });
  });

  it('ignores personal frames that arrive before the welcome', () => {
    expect(applyFrame(initialRoomState, { t: 'coins', balance: 5 })).toBe(initialRoomState);
  });
});

describe('flash sales', () => {
  it('shows a started sale and tracks its stock to sold out and the end', () => {
    let state = applyFrame(joined(), { t: 'flash.start', sale: sale() });
    state = applyFrame(state, { t: 'flash.stock', flashSaleId: 'fs1', remaining: 37 });
    expect(state.flashSales[0]).toMatchObject({ remaining: 37, status: 'running' });
    state = applyFrame(state, { t: 'flash.soldout', flashSaleId: 'fs1' });
    expect(state.flashSales[0]).toMatchObject({ remaining: 0, status: 'sold_out' });
    state = applyFrame(state, { t: 'flash.stock', flashSaleId: 'fs1', remaining: 2 });
    expect(state.flashSales[0]).toMatchObject({ remaining: 2, status: 'running' });
    state = applyFrame(state, { t: 'flash.end', flashSaleId: 'fs1' });
    expect(state.flashSales[0]?.status).toBe('ended');
  });

  it('replaces a sale started again instead of listing it twice', () => {
    let state = applyFrame(joined({ flashSales: [sale({ status: 'scheduled' })] }), { t: 'flash.start', sale: sale() });
    state = applyFrame(state, { t: 'flash.stock', flashSaleId: 'other', remaining: 1 });
    expect(state.flashSales).toEqual([sale()]);
  });
});

describe('lotteries', () => {
  it('records the entry, the draw with its seed and winners, and a win', () => {
    let state = applyFrame(joined(), { t: 'lottery.start', lottery: lottery() });
    expect(state.lotteries[0]).toMatchObject({ entered: false, seed: null, winners: null });
    state = applyFrame(state, { t: 'lottery.entered', lotteryId: 'l1' });
    state = applyFrame(state, { t: 'lottery.draw', lotteryId: 'l1', seed: 'cafe', winners: [{ identity: 'anon:a1', nickname: 'me' }] });
    state = applyFrames(state, [
      { t: 'lottery.won', lotteryId: 'l1', prize: 'Tea set' },
      { t: 'lottery.won', lotteryId: 'l1', prize: 'Tea set' },
    ]);
    expect(state.lotteries[0]).toMatchObject({ status: 'drawn', entered: true, seed: 'cafe', winners: [{ nickname: 'me' }] });
    expect(state.wins).toEqual([{ lotteryId: 'l1', prize: 'Tea set' }]);
  });
});

describe('moderation and personal frames', () => {
  it('mutes for a time, until lifted, and unmutes', () => {
    let state = applyFrame(joined(), { t: 'muted', until: 5_000 });
    expect(isMuted(state, 4_999)).toBe(true);
    expect(isMuted(state, 5_000)).toBe(false);
    state = applyFrame(state, { t: 'muted', until: null });
    expect(isMuted(state, 1e15)).toBe(true);
    state = applyFrame(state, { t: 'unmuted' });
    expect(isMuted(state, 0)).toBe(false);
  });

  it('learns of a mute from a refused comment', () => {
    const state = applyFrame(joined(), { t: 'error', code: 'muted', message: 'You are muted', ref: 'chat' });
    expect(isMuted(state, 0)).toBe(true);
    const other = applyFrame(joined(), { t: 'error', code: 'slow_mode', message: 'Slow down', ref: 'chat' });
    expect(isMuted(other, 0)).toBe(false);
  });

  it('keeps the kick reason until the next welcome', () => {
    const kicked = applyFrame(joined(), { t: 'kicked', reason: 'spam' });
    expect(kicked.kicked).toBe('spam');
    expect(applyFrame(kicked, welcome()).kicked).toBeNull();
  });

  it('leaves the state alone for frames with nothing to show', () => {
    const state = joined();
    expect(applyFrame(state, { t: 'pong', at: 1 })).toBe(state);
    expect(applyFrame(state, { t: 'gift', user: message('x').user, giftId: 'rose', count: 1, valueFen: 100 })).toBe(state);
    expect(applyFrame(state, { t: 'checkout', orderId: 'h1', holdId: 'h1', checkoutUrl: '/live/s1?checkout=h1', totalFen: 9900, expiresAt: 1 })).toBe(state);
  });
});
