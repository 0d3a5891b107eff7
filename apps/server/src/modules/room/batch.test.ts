import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '@livedesk/contracts';
import { FrameQueue, Recipient, type BufferLimits, type Sink } from './batch.js';

/** A socket whose unsent-bytes figure the test sets, as a viewer on a bad network would make it. */
class FakeSink implements Sink {
  bufferedAmount = 0;
  terminated = false;
  readonly sent: Buffer[] = [];
  send(data: Buffer, options: { binary: boolean }) {
    expect(options.binary).toBe(false);
    this.sent.push(data);
  }
  terminate() {
    this.terminated = true;
  }
  frames(): ServerFrame[][] {
    return this.sent.map((d) => JSON.parse(String(d)) as ServerFrame[]);
  }
}

const limits: BufferLimits = { softBytes: 1_000, hardBytes: 10_000, hardGraceMs: 5_000 };
const chat = (text: string): ServerFrame => ({ t: 'chat', message: { id: text, user: { id: 'u', nickname: 'n', tags: [] }, text, at: 1 } });

function welcomed(sink: FakeSink) {
  const recipient = new Recipient(sink, limits);
  recipient.welcome({ t: 'pong', at: 0 });
  sink.sent.length = 0;
  return recipient;
}

describe('room batching', () => {
  it('serialises a flush once: every healthy socket gets the very same bytes', () => {
    const queue = new FrameQueue(100);
    queue.push(chat('a'));
    queue.push({ t: 'likes', total: 5, delta: 5 });
    queue.push(chat('b'));
    const flush = queue.take();
    const sinks = [new FakeSink(), new FakeSink(), new FakeSink()];
    for (const sink of sinks) welcomed(sink).deliver(flush, 0);
    expect(sinks[1]!.sent[0]).toBe(sinks[0]!.sent[0]);
    expect(sinks[2]!.sent[0]).toBe(sinks[0]!.sent[0]);
    expect(sinks[0]!.frames()).toEqual([[chat('a'), chat('b'), { t: 'likes', total: 5, delta: 5 }]]);
    expect(queue.empty).toBe(true);
  });

  it('coalesces state: one likes frame per flush (summed deltas, highest total) and the latest of the others', () => {
    const queue = new FrameQueue(100);
    queue.push({ t: 'likes', total: 10, delta: 10 });
    queue.push({ t: 'online', count: 3 });
    queue.push({ t: 'likes', total: 25, delta: 15 });
    // Another node's likes, published before ours arrived: a lower total.
    queue.push({ t: 'likes', total: 20, delta: 5 });
    queue.push({ t: 'online', count: 4 });
    queue.push({ t: 'flash.stock', flashSaleId: 'a', remaining: 9 });
    queue.push({ t: 'flash.stock', flashSaleId: 'b', remaining: 3 });
    queue.push({ t: 'flash.stock', flashSaleId: 'a', remaining: 7 });
    const sink = new FakeSink();
    welcomed(sink).deliver(queue.take(), 0);
    expect(sink.frames()[0]).toEqual([
      { t: 'likes', total: 25, delta: 30 },
      { t: 'online', count: 4 },
      { t: 'flash.stock', flashSaleId: 'a', remaining: 7 },
      { t: 'flash.stock', flashSaleId: 'b', remaining: 3 },
    ]);
  });

  it('keeps the newest danmaku beyond the per-flush cap, and every state frame and event', () => {
    const queue = new FrameQueue(2);
    queue.push(chat('1'));
    queue.push({ t: 'flash.soldout', flashSaleId: 'a' });
    for (const text of ['2', '3', '4']) queue.push(chat(text));
    queue.push({ t: 'online', count: 1 });
    const sink = new FakeSink();
    welcomed(sink).deliver(queue.take(), 0);
    expect(sink.frames()[0]!.map((f) => (f.t === 'chat' ? f.message.text : f.t))).toEqual(['flash.soldout', '3', '4', 'online']);
  });

  it('gives a slow socket state and events but no danmaku, and nothing at all above the hard limit until it drains', () => {
    const healthy = new FakeSink();
    const slow = new FakeSink();
    const healthyRecipient = welcomed(healthy);
    const slowRecipient = welcomed(slow);
    const round = (frames: ServerFrame[], now: number) => {
      const queue = new FrameQueue(100);
      for (const f of frames) queue.push(f);
      const flush = queue.take();
      healthyRecipient.deliver(flush, now);
      slowRecipient.deliver(flush, now);
    };

    slow.bufferedAmount = 5_000;
    round([chat('hello'), { t: 'likes', total: 1, delta: 1 }, { t: 'pin', productIds: ['p1'] }, { t: 'flash.soldout', flashSaleId: 'f' }], 0);
    expect(healthy.frames()[0]!.map((f) => f.t)).toEqual(['chat', 'flash.soldout', 'likes', 'pin']);
    expect(slow.frames()[0]).toEqual([{ t: 'flash.soldout', flashSaleId: 'f' }, { t: 'likes', total: 1, delta: 1 }, { t: 'pin', productIds: ['p1'] }]);

    slow.bufferedAmount = 50_000;
    round([chat('missed'), { t: 'likes', total: 3, delta: 2 }, { t: 'online', count: 7 }], 1_000);
    round([chat('missed too'), { t: 'likes', total: 6, delta: 3 }, { t: 'announcement', text: '上新了' }], 2_000);
    expect(slow.sent).toHaveLength(1);

    slow.bufferedAmount = 0;
    slowRecipient.addPersonal({ t: 'coins', balance: 9 });
    round([chat('fresh')], 3_000);
    // Back under the limits: the latest missed state, coalesced, then this flush whole, then its own frames.
    expect(slow.frames()[1]).toEqual([
      chat('fresh'),
      { t: 'likes', total: 6, delta: 3 },
      { t: 'online', count: 7 },
      { t: 'announcement', text: '上新了' },
      { t: 'coins', balance: 9 },
    ]);
    expect(slow.terminated).toBe(false);
  });

  it('terminates a socket that stays above the hard limit past the grace period', () => {
    const sink = new FakeSink();
    const recipient = welcomed(sink);
    sink.bufferedAmount = 20_000;
    expect(recipient.deliver(null, 10_000)).toBe(true);
    expect(recipient.deliver(null, 14_999)).toBe(true);
    sink.bufferedAmount = 0;
    expect(recipient.deliver(null, 15_000)).toBe(true);
    sink.bufferedAmount = 20_000;
    expect(recipient.deliver(null, 16_000)).toBe(true);
    expect(recipient.deliver(null, 21_000)).toBe(false);
    expect(sink.terminated).toBe(true);
  });

  it('holds frames for a socket until its welcome, then sends them after it', () => {
    const sink = new FakeSink();
    const recipient = new Recipient(sink, limits);
    const queue = new FrameQueue(100);
    queue.push(chat('while joining'));
    queue.push({ t: 'online', count: 2 });
    recipient.deliver(queue.take(), 0);
    recipient.addPersonal({ t: 'error', code: 'validation', message: 'x', ref: 'like' });
    expect(sink.sent).toEqual([]);
    recipient.welcome({ t: 'pong', at: 1 });
    expect(sink.frames()).toEqual([[{ t: 'pong', at: 1 }, chat('while joining'), { t: 'online', count: 2 }, { t: 'error', code: 'validation', message: 'x', ref: 'like' }]]);
  });
});
