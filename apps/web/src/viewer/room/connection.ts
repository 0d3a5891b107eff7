import type { ClientFrame, ServerFrame } from '@livedesk/contracts';
import { backoffDelay } from '../../lib/backoff';
import type { Scheduler } from '../lib/scheduler';

export type JoinFrame = Extract<ClientFrame, { t: 'join' }>;
export type OutgoingFrame = Exclude<ClientFrame, { t: 'join' }>;

export const PING_INTERVAL_MS = 15_000;
/** Frames written while the socket is down wait for the next join; beyond this many, the oldest go. */
export const SEND_QUEUE_LIMIT = 20;
/** The server closes with these when coming back cannot help: banned (4403), no such show (4404). */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4403, 4404]);
/** A join refused for its token (an expired buyer token): the page forgets it and joins without. */
export const UNAUTHORIZED_CLOSE_CODE = 4401;

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number): void;
}
export interface SocketHandle {
  send(data: string): void;
  close(code: number): void;
}
export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketHandle;

export const browserSocket: OpenSocket = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.open();
  ws.onmessage = (event) => handlers.message(event.data);
  ws.onclose = (event) => handlers.close(event.code);
  return { send: (data) => ws.send(data), close: (code) => ws.close(code) };
};

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'joined' }
  | { kind: 'retrying'; inMs: number; closeCode: number }
  | { kind: 'closed'; closeCode: number };

export interface RoomConnectionOptions {
  url: string;
  /** asked at every (re)connect, so a buyer token obtained meanwhile is used */
  join: () => JoinFrame;
  onFrames: (frames: ServerFrame[]) => void;
  onState: (state: ConnectionState) => void;
  openSocket: OpenSocket;
  scheduler: Scheduler;
  random?: () => number;
}

/** Frames arrive as arrays (the server batches per room); a lone frame object is accepted too. */
export function parseMessage(data: unknown): ServerFrame[] {
  if (typeof data !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.filter((f): f is ServerFrame => typeof f === 'object' && f !== null && typeof (f as { t?: unknown }).t === 'string');
}

/**
 * The viewer's room socket: joins on every connect, pings so the server's heartbeat keeps the viewer
 * present, and reconnects with backoff until the server says there is no point.
 */
export class RoomConnection {
  private socket: SocketHandle | null = null;
  private joined = false;
  private stopped = false;
  private attempt = 0;
  private queue: OutgoingFrame[] = [];
  private cancelPing: (() => void) | null = null;
  private cancelRetry: (() => void) | null = null;

  constructor(private readonly options: RoomConnectionOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
    this.drop(1000);
  }

  /** Joins again at once, e.g. with a buyer token the viewer just got. */
  rejoin(): void {
    if (this.stopped) return;
    this.cancelRetry?.();
    this.drop(1000);
    this.attempt = 0;
    this.connect();
  }

  /** Sends now when joined; otherwise the frame waits for the next join. */
  send(frame: OutgoingFrame): 'sent' | 'queued' {
    if (this.joined && this.socket) {
      this.socket.send(JSON.stringify(frame));
      return 'sent';
    }
    this.queue = [...this.queue, frame].slice(-SEND_QUEUE_LIMIT);
    return 'queued';
  }

  private connect(): void {
    this.cancelRetry = null;
    this.options.onState({ kind: 'connecting' });
    const socket = this.options.openSocket(this.options.url, {
      open: () => {
        if (this.socket !== socket) return;
        socket.send(JSON.stringify(this.options.join()));
        this.schedulePing();
      },
      message: (data) => {
        if (this.socket !== socket) return;
        const frames = parseMessage(data);
        if (frames.length === 0) return;
        const welcomed = frames.some((f) => f.t === 'welcome');
        if (welcomed) {
          this.joined = true;
          this.attempt = 0;
          this.options.onState({ kind: 'joined' });
        }
        this.options.onFrames(frames);
        if (welcomed) this.flushQueue();
      },
      close: (code) => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.joined = false;
        this.cancelPing?.();
        if (this.stopped) return;
        if (FINAL_CLOSE_CODES.has(code)) {
          this.options.onState({ kind: 'closed', closeCode: code });
          return;
        }
        // A refused token is fixed by the page (it drops the token); joining again needs no wait.
        const inMs = code === UNAUTHORIZED_CLOSE_CODE && this.attempt === 0 ? 0 : backoffDelay(this.attempt, (this.options.random ?? Math.random)());
        this.attempt += 1;
        this.options.onState({ kind: 'retrying', inMs, closeCode: code });
        this.cancelRetry = this.options.scheduler.after(inMs, () => this.connect());
      },
    });
    this.socket = socket;
  }

  private drop(code: number): void {
    const socket = this.socket;
    this.socket = null;
    this.joined = false;
    this.cancelPing?.();
    socket?.close(code);
  }

  private flushQueue(): void {
    const queued = this.queue;
    this.queue = [];
    for (const frame of queued) this.send(frame);
  }

  private schedulePing(): void {
    this.cancelPing?.();
    this.cancelPing = this.options.scheduler.after(PING_INTERVAL_MS, () => {
      if (!this.socket) return;
      this.socket.send(JSON.stringify({ t: 'ping' } satisfies OutgoingFrame));
      this.schedulePing();
    });
  }
}
