import type { ChatMessage, ServerFrame } from '@livedesk/contracts';
import type { RoomEnvelope } from './broadcast.js';
import { FrameQueue, type Recipient } from './batch.js';

/** What a room needs of a connection. */
export interface RoomMember {
  readonly identity: string;
  /** staff consoles are not viewers: they count neither online nor in presence */
  readonly countsAsViewer: boolean;
  readonly recipient: Recipient;
  /** a `kicked` frame for this identity arrived: send it and close */
  kick(frame: ServerFrame): void;
}

/** Danmaku a newcomer sees in its welcome. */
export const RECENT_CHAT = 50;

/**
 * One show as seen by this node: its local sockets, the frames waiting for the next flush, the
 * recent danmaku (kept from the room channel, so every node has the same), and the likes taken here
 * since the last flush. Pure bookkeeping: the gateway does the I/O.
 */
export class LocalRoom {
  readonly members = new Set<RoomMember>();
  private readonly byIdentity = new Map<string, Set<RoomMember>>();
  /** welcomed viewer connections per identity: presence and the local online count */
  private readonly present = new Map<string, number>();
  readonly queue: FrameQueue;
  recentChat: ChatMessage[] = [];
  /** likes taken on this node since the last flush, not yet added to the shared counter */
  pendingLikes = 0;
  /** the show's total online count as last computed, or null before the first count */
  online: number | null = null;
  /** a personal frame is waiting: the next flush must visit the sockets even without room frames */
  personalWaiting = false;

  constructor(
    readonly liveSessionId: string,
    readonly orgId: string,
    maxDanmakuPerFlush: number,
  ) {
    this.queue = new FrameQueue(maxDanmakuPerFlush);
  }

  add(member: RoomMember): void {
    this.members.add(member);
    let set = this.byIdentity.get(member.identity);
    if (!set) this.byIdentity.set(member.identity, (set = new Set()));
    set.add(member);
  }

  remove(member: RoomMember): void {
    this.members.delete(member);
    const set = this.byIdentity.get(member.identity);
    set?.delete(member);
    if (set?.size === 0) this.byIdentity.delete(member.identity);
  }

  /** Counts a welcomed viewer connection; true when it is the identity's first (it entered the room). */
  enter(identity: string): boolean {
    const count = (this.present.get(identity) ?? 0) + 1;
    this.present.set(identity, count);
    return count === 1;
  }

  /** True when this was the identity's last connection (it left the room). */
  leave(identity: string): boolean {
    const count = (this.present.get(identity) ?? 0) - 1;
    if (count > 0) {
      this.present.set(identity, count);
      return false;
    }
    this.present.delete(identity);
    return true;
  }

  get localViewers(): number {
    return this.present.size;
  }

  toMember(member: RoomMember, frame: ServerFrame): void {
    member.recipient.addPersonal(frame);
    this.personalWaiting = true;
  }

  /** A message from the room channel: every node sees the same ones, in the same order. */
  receive(envelope: RoomEnvelope): void {
    const { to, frame } = envelope;
    if (to !== undefined) {
      for (const member of this.byIdentity.get(to) ?? []) {
        if (frame.t === 'kicked') member.kick(frame);
        else this.toMember(member, frame);
      }
      return;
    }
    if (frame.t === 'chat') {
      this.recentChat.push(frame.message);
      if (this.recentChat.length > RECENT_CHAT) this.recentChat.shift();
    } else if (frame.t === 'chat.deleted') {
      this.recentChat = this.recentChat.filter((m) => m.id !== frame.id);
    }
    this.queue.push(frame);
  }
}
