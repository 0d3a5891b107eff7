import type { ChatMessage, LotteryState, RoomSnapshot, ServerFrame } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { applyFrames, initialRoomState, MAX_CONSOLE_CHAT, type ConsoleRoomState } from './roomState';
import { flashSaleState as sale } from '../../../lib/testFixtures';

const chat = (id: string, text = id): ChatMessage => ({ id, user: { id: `b-${id}`, nickname: 'n', tags: ['new'] }, text, at: 1 });
const lottery = (id: string, patch: Partial<LotteryState> = {}): LotteryState => ({
  lotteryId: id,
  prize: '福袋',
  winnerCount: 2,
  rule: { kind: 'comment', keyword: '666' },
  drawAt: 5_000,
  seedHash: 'ab'.repeat(32),
  status: 'open',
  entrants: 0,
  ...patch,
});
const snapshot = (patch: Partial<RoomSnapshot> = {}): RoomSnapshot => ({
  status: 'live',
  online: 12,
  likes: 300,
  pinnedProductIds: ['p1'],
  announcement: '今晚八点福袋',
  flashSales: [],
  lotteries: [],
  recentChat: [chat('m1'), chat('m2')],
  slowModeSeconds: 0,
  ...patch,
});
const welcome = (patch: Partial<RoomSnapshot> = {}): ServerFrame => ({
  t: 'welcome',
  you: { identity: 'staff:u1', buyerId: null, role: 'staff', muted: false, following: false, coins: 0 },
  snapshot: snapshot(patch),
});
const run = (...frames: ServerFrame[]): ConsoleRoomState => applyFrames(initialRoomState, frames);

describe('console room state', () => {
  it('starts from the welcome snapshot', () => {
    const state = run(welcome());
    expect(state).toMatchObject({ status: 'live', online: 12, likes: 300, pinnedProductIds: ['p1'], announcement: '今晚八点福袋' });
    expect(state.chat.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('follows counters, pins, announcement, slow mode and status', () => {
    const state = run(
      welcome(),
      { t: 'online', count: 40 },
      { t: 'likes', total: 520, delta: 220 },
      { t: 'pin', productIds: ['p1', 'p2'] },
      { t: 'announcement', text: null },
      { t: 'slowmode', seconds: 10 },
      { t: 'status', status: 'ended' },
    );
    expect(state).toMatchObject({ online: 40, likes: 520, pinnedProductIds: ['p1', 'p2'], announcement: null, slowModeSeconds: 10, status: 'ended' });
  });

  it('never lets the like total go backwards when an older batch arrives late', () => {
    expect(run(welcome(), { t: 'likes', total: 520, delta: 20 }, { t: 'likes', total: 510, delta: 10 }).likes).toBe(520);
  });

  it('appends comments once, drops deleted ones and keeps only the newest', () => {
    let state = run(welcome(), { t: 'chat', message: chat('m3') }, { t: 'chat', message: chat('m3') }, { t: 'chat.deleted', id: 'm1' });
    expect(state.chat.map((m) => m.id)).toEqual(['m2', 'm3']);
    const flood = Array.from({ length: MAX_CONSOLE_CHAT + 5 }, (_v, i): ServerFrame => ({ t: 'chat', message: chat(`f${i}`) }));
    state = applyFrames(state, flood);
    expect(state.chat).toHaveLength(MAX_CONSOLE_CHAT);
    expect(state.chat.at(-1)?.id).toBe(`f${MAX_CONSOLE_CHAT + 4}`);
  });

  it('tracks a flash sale from start to sold out, and back when a hold expires', () => {
    let state = run(welcome(), { t: 'flash.start', sale: sale('f1') });
    const before = state.salesActivity;
    state = applyFrames(state, [{ t: 'flash.stock', flashSaleId: 'f1', remaining: 37 }]);
    expect(state.flashSales[0]).toMatchObject({ remaining: 37, status: 'running' });
    expect(state.salesActivity).toBe(before + 1);
    state = applyFrames(state, [{ t: 'flash.soldout', flashSaleId: 'f1' }]);
    expect(state.flashSales[0]).toMatchObject({ remaining: 0, status: 'sold_out' });
    state = applyFrames(state, [{ t: 'flash.stock', flashSaleId: 'f1', remaining: 1 }]);
    expect(state.flashSales[0]).toMatchObject({ remaining: 1, status: 'running' });
    state = applyFrames(state, [{ t: 'flash.end', flashSaleId: 'f1' }, { t: 'flash.stock', flashSaleId: 'unknown', remaining: 3 }]);
    expect(state.flashSales).toEqual([expect.objectContaining({ flashSaleId: 'f1', status: 'ended' })]);
  });

  it('replaces a flash sale started again instead of listing it twice', () => {
    const state = run(welcome(), { t: 'flash.start', sale: sale('f1', { status: 'scheduled' }) }, { t: 'flash.start', sale: sale('f1') });
    expect(state.flashSales).toHaveLength(1);
    expect(state.flashSales[0]?.status).toBe('running');
  });

  it('reveals the seed and winners at the draw, and keeps them across a reconnect', () => {
    const winners = [{ identity: 'b1', nickname: '小王' }];
    let state = run(welcome(), { t: 'lottery.start', lottery: lottery('l1') }, { t: 'lottery.draw', lotteryId: 'l1', seed: 'seed-1', winners });
    expect(state.lotteries[0]).toMatchObject({ status: 'drawn', seed: 'seed-1', winners });
    state = applyFrames(state, [welcome({ lotteries: [lottery('l1', { status: 'drawn', entrants: 8 })] })]);
    expect(state.lotteries[0]).toMatchObject({ status: 'drawn', entrants: 8, seed: 'seed-1', winners });
  });

  it('resyncs wholesale on a new welcome', () => {
    const state = run(welcome(), { t: 'chat', message: chat('m3') }, { t: 'online', count: 99 }, welcome({ online: 5, recentChat: [chat('m9')] }));
    expect(state.online).toBe(5);
    expect(state.chat.map((m) => m.id)).toEqual(['m9']);
  });

  it('ignores frames meant for one viewer', () => {
    const state = run(welcome());
    expect(applyFrames(state, [{ t: 'coins', balance: 5 }, { t: 'muted', until: null }, { t: 'error', code: 'forbidden', message: 'no' }])).toBe(state);
  });
});
