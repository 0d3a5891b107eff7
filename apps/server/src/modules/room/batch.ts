import type { ServerFrame } from '@livedesk/contracts';

/** The part of a WebSocket the batcher uses (ws's WebSocket has it). */
export interface Sink {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
  terminate(): void;
}

/** ws sends a Buffer as a binary frame unless told otherwise; browsers must get text they can JSON.parse. */
const TEXT = { binary: false };

export interface BufferLimits {
  /** above this many unsent bytes a socket gets state only: danmaku and gifts are dropped for it */
  softBytes: number;
  /** above this a socket gets nothing; what it misses is coalesced and sent when it drains */
  hardBytes: number;
  /** a socket above the hard limit for this long is terminated */
  hardGraceMs: number;
}

/** The danmaku stream: what a slow socket may miss. Everything else is state or a rare event. */
const isDroppable = (frame: ServerFrame) => frame.t === 'chat' || frame.t === 'gift';

/** State frames: only the latest one per key matters, so a flush carries at most one of each. */
function stateKey(frame: ServerFrame): string | null {
  switch (frame.t) {
    case 'likes':
    case 'online':
    case 'pin':
    case 'announcement':
    case 'status':
    case 'slowmode':
      return frame.t;
    case 'flash.stock':
      return `flash.stock:${frame.flashSaleId}`;
    default:
      return null;
  }
}

interface Item {
  json: string;
  droppable: boolean;
}

/** A room's outgoing frames between two flushes. */
export class FrameQueue {
  private items: Item[] = [];
  private droppable = 0;
  private state = new Map<string, ServerFrame>();

  /** `maxDroppable`: beyond this many danmaku per flush the oldest are dropped for everyone; no screen shows more. */
  constructor(private readonly maxDroppable: number) {}

  push(frame: ServerFrame): void {
    const key = stateKey(frame);
    if (key === null) {
      const droppable = isDroppable(frame);
      if (droppable && this.droppable >= this.maxDroppable) this.items.splice(this.items.findIndex((i) => i.droppable), 1);
      else if (droppable) this.droppable++;
      this.items.push({ json: JSON.stringify(frame), droppable });
      return;
    }
    const previous = this.state.get(key);
    // Likes arrive from every node that took taps: the total is the largest seen, the deltas add up.
    if (frame.t === 'likes' && previous?.t === 'likes') {
      this.state.set(key, { t: 'likes', total: Math.max(previous.total, frame.total), delta: previous.delta + frame.delta });
      return;
    }
    this.state.set(key, frame);
  }

  get empty(): boolean {
    return this.items.length === 0 && this.state.size === 0;
  }

  take(): Flush {
    const state = new Map([...this.state].map(([key, frame]) => [key, JSON.stringify(frame)]));
    const flush = new Flush(this.items, state);
    this.items = [];
    this.droppable = 0;
    this.state = new Map();
    return flush;
  }
}

/** One flush of a room: serialised once, the same bytes for every socket that gets it whole. */
export class Flush {
  private fullMessage: Buffer | undefined;
  private slimMessage: Buffer | undefined;

  constructor(
    private readonly items: Item[],
    readonly state: ReadonlyMap<string, string>,
  ) {}

  /** The flush's non-state frames, without the danmaku when `slow`. */
  events(slow: boolean): string[] {
    return (slow ? this.items.filter((i) => !i.droppable) : this.items).map((i) => i.json);
  }

  message(slow: boolean): Buffer {
    if (slow) return (this.slimMessage ??= encode([...this.events(true), ...this.state.values()]));
    return (this.fullMessage ??= encode([...this.events(false), ...this.state.values()]));
  }
}

const encode = (parts: string[]) => Buffer.from(`[${parts.join(',')}]`);

/** Personal frames wait at most this many per socket (oldest dropped); they are rare. */
const MAX_PERSONAL = 100;
/** Events a socket may miss while it is held (before its welcome, or above the hard limit). */
const MAX_HELD_EVENTS = 200;

/**
 * One socket's side of the batching: the room's flush, plus its personal frames, plus what it missed
 * while held. A socket gets at most one message per flush, and a slow one never grows its buffer
 * without bound: above the soft limit it gets state only, above the hard limit nothing (the missed
 * state is kept coalesced, a few keys), and it is terminated if it stays there.
 */
export class Recipient {
  private personal: string[] = [];
  private held: { events: string[]; state: Map<string, string> } | null = null;
  private overHardSince: number | null = null;
  private welcomed = false;

  constructor(
    private readonly sink: Sink,
    private readonly limits: BufferLimits,
  ) {}

  addPersonal(frame: ServerFrame): void {
    this.personal.push(JSON.stringify(frame));
    if (this.personal.length > MAX_PERSONAL) this.personal.shift();
  }

  get hasPersonal(): boolean {
    return this.personal.length > 0;
  }

  /** Sends `frame` at once, followed by whatever the socket was held from; from now on it gets flushes. */
  welcome(frame: ServerFrame): void {
    this.welcomed = true;
    this.sendParts([JSON.stringify(frame)], null, false);
  }

  /** Returns false when the socket was terminated for staying above the hard limit. */
  deliver(flush: Flush | null, now: number): boolean {
    if (!this.welcomed) {
      if (flush) this.hold(flush, false);
      return true;
    }
    const buffered = this.sink.bufferedAmount;
    if (buffered > this.limits.hardBytes) {
      if (flush) this.hold(flush, true);
      this.overHardSince ??= now;
      if (now - this.overHardSince < this.limits.hardGraceMs) return true;
      this.sink.terminate();
      return false;
    }
    this.overHardSince = null;
    const slow = buffered > this.limits.softBytes;
    if (!this.held && this.personal.length === 0) {
      if (flush) this.sink.send(flush.message(slow), TEXT);
      return true;
    }
    this.sendParts([], flush, slow);
    return true;
  }

  private sendParts(first: string[], flush: Flush | null, slow: boolean): void {
    const state = new Map(this.held?.state);
    for (const [key, json] of flush?.state ?? []) state.set(key, json);
    const parts = [...first, ...(this.held?.events ?? []), ...(flush?.events(slow) ?? []), ...state.values(), ...this.personal];
    this.held = null;
    this.personal = [];
    if (parts.length) this.sink.send(encode(parts), TEXT);
  }

  private hold(flush: Flush, dropDanmaku: boolean): void {
    const held: { events: string[]; state: Map<string, string> } = (this.held ??= { events: [], state: new Map() });
    held.events.push(...flush.events(dropDanmaku));
    if (held.events.length > MAX_HELD_EVENTS) held.events.splice(0, held.events.length - MAX_HELD_EVENTS);
    for (const [key, json] of flush.state) held.state.set(key, json);
  }
}
