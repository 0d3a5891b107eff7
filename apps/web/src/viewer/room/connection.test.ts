import type { ServerFrame } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../lib/manual-scheduler';
import { parseMessage, PING_INTERVAL_MS, RoomConnection, SEND_QUEUE_LIMIT, type ConnectionState, type SocketHandlers } from './connection';

const welcome: ServerFrame = {
  t: 'welcome',
  you: { identity: 'anon:device-1', buyerId: null, role: 'viewer', muted: false, following: false, coins: 0 },
  snapshot: { status: 'live', online: 1, likes: 0, pinnedProductIds: [], announcement: null, flashSales: [], lotteries: [], recentChat: [], slowModeSeconds: 0 },
};

class FakeSocket {
  sent: unknown[] = [];
  closedWith: number | null = null;
  constructor(readonly handlers: SocketHandlers) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number) {
    this.closedWith = code;
  }
  /** the server's side */
  receive(...frames: ServerFrame[]) {
    this.handlers.message(JSON.stringify(frames));
  }
}

function setup(token?: () => string | undefined) {
  const scheduler = new ManualScheduler();
  const sockets: FakeSocket[] = [];
  const frames: ServerFrame[][] = [];
  const states: ConnectionState[] = [];
  const connection = new RoomConnection({
    url: 'ws://shop.test/api/v1/live-sessions/s1/room',
    join: () => {
      const t = token?.();
      return { t: 'join', anonymousId: 'device-1', ...(t ? { token: t } : {}) };
    },
    onFrames: (batch) => frames.push(batch),
    onState: (state) => states.push(state),
    openSocket: (_url, handlers) => {
      const socket = new FakeSocket(handlers);
      sockets.push(socket);
      return socket;
    },
    scheduler,
    random: () => 0,
  });
  const last = () => sockets.at(-1)!;
  return { scheduler, sockets, frames, states, connection, last };
}

describe('the room connection', () => {
  it('joins first, then delivers each batch of frames as one array', () => {
    const { connection, last, frames, states } = setup(() => 'buyer-token');
    connection.start();
    last().handlers.open();
    expect(last().sent).toEqual([{ t: 'join', anonymousId: 'device-1', token: 'buyer-token' }]);
    last().receive(welcome, { t: 'online', count: 2 });
    expect(frames).toEqual([[welcome, { t: 'online', count: 2 }]]);
    expect(states.at(-1)).toEqual({ kind: 'joined' });
  });

  it('holds frames sent before the welcome and sends them after it', () => {
    const { connection, last } = setup();
    connection.start();
    expect(connection.send({ t: 'chat', text: 'hello' })).toBe('queued');
    last().handlers.open();
    last().receive(welcome);
    expect(last().sent).toEqual([{ t: 'join', anonymousId: 'device-1' }, { t: 'chat', text: 'hello' }]);
    expect(connection.send({ t: 'like', count: 3 })).toBe('sent');
    expect(last().sent.at(-1)).toEqual({ t: 'like', count: 3 });
  });

  it('keeps only the latest frames while it cannot send', () => {
    const { connection, last } = setup();
    connection.start();
    for (let i = 0; i < SEND_QUEUE_LIMIT + 5; i++) connection.send({ t: 'like', count: i + 1 });
    last().handlers.open();
    last().receive(welcome);
    const likes = last().sent.slice(1) as { count: number }[];
    expect(likes).toHaveLength(SEND_QUEUE_LIMIT);
    expect(likes[0]?.count).toBe(6);
  });

  it('pings every 15 seconds while connected', () => {
    const { connection, last, scheduler } = setup();
    connection.start();
    last().handlers.open();
    last().receive(welcome);
    const first = last();
    const pings = () => first.sent.filter((f) => (f as { t: string }).t === 'ping').length;
    scheduler.advance(PING_INTERVAL_MS * 3);
    expect(pings()).toBe(3);
    first.handlers.close(1006);
    scheduler.advance(PING_INTERVAL_MS * 2);
    expect(pings()).toBe(3);
  });

  it('reconnects with growing waits, and starts over after a successful join', () => {
    const { connection, sockets, last, scheduler, states } = setup();
    connection.start();
    last().handlers.close(1006);
    expect(states.at(-1)).toEqual({ kind: 'retrying', inMs: 500, closeCode: 1006 });
    scheduler.advance(499);
    expect(sockets).toHaveLength(1);
    scheduler.advance(1);
    expect(sockets).toHaveLength(2);
    last().handlers.close(1006);
    expect(states.at(-1)).toMatchObject({ inMs: 1000 });
    scheduler.advance(1000);
    last().handlers.close(1006);
    expect(states.at(-1)).toMatchObject({ inMs: 2000 });
    scheduler.advance(2000);
    last().handlers.open();
    last().receive(welcome);
    last().handlers.close(1001);
    expect(states.at(-1)).toMatchObject({ inMs: 500 });
  });

  it.each([4403, 4404])('gives up when the server closes with %i', (code) => {
    const { connection, sockets, last, scheduler, states } = setup();
    connection.start();
    last().handlers.open();
    last().handlers.close(code);
    scheduler.advance(120_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toEqual({ kind: 'closed', closeCode: code });
  });

  it('joins again at once without the token the server refused', () => {
    let token: string | undefined = 'expired';
    const { connection, last, scheduler, states } = setup(() => token);
    connection.start();
    last().handlers.open();
    last().handlers.close(4401);
    expect(states.at(-1)).toMatchObject({ kind: 'retrying', inMs: 0, closeCode: 4401 });
    token = undefined;
    scheduler.advance(0);
    last().handlers.open();
    expect(last().sent[0]).toEqual({ t: 'join', anonymousId: 'device-1' });
  });

  it('rejoins on request with what join() says now, ignoring the old socket', () => {
    let token: string | undefined = undefined;
    const { connection, sockets, last, frames } = setup(() => token);
    connection.start();
    const first = last();
    first.handlers.open();
    first.receive(welcome);
    token = 'new-buyer';
    connection.rejoin();
    expect(first.closedWith).toBe(1000);
    first.receive({ t: 'online', count: 9 });
    first.handlers.close(1000);
    expect(sockets).toHaveLength(2);
    last().handlers.open();
    expect(last().sent[0]).toEqual({ t: 'join', anonymousId: 'device-1', token: 'new-buyer' });
    expect(frames).toHaveLength(1);
  });

  it('stays down after stop', () => {
    const { connection, sockets, last, scheduler } = setup();
    connection.start();
    last().handlers.open();
    connection.stop();
    expect(last().closedWith).toBe(1000);
    last().handlers.close(1000);
    scheduler.advance(120_000);
    expect(sockets).toHaveLength(1);
    expect(scheduler.pending).toBe(0);
  });
});

describe('reading server messages', () => {
  it('accepts arrays of frames and single frames, and nothing malformed', () => {
    expect(parseMessage('[{"t":"online","count":3},{"t":"pong","at":1}]')).toHaveLength(2);
    expect(parseMessage('{"t":"online","count":3}')).toEqual([{ t: 'online', count: 3 }]);
    expect(parseMessage('not json')).toEqual([]);
    expect(parseMessage('[1, null, {"x":1}]')).toEqual([]);
    expect(parseMessage(new ArrayBuffer(4))).toEqual([]);
  });
});
