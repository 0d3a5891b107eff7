import type { ServerFrame } from '@livedesk/contracts';
import type { Fanout } from '../../infra/fanout/port.js';

/** The Fanout channel every gateway node serving a show's viewers subscribes to. */
export const roomChannel = (liveSessionId: string) => `room.${liveSessionId}`;

/**
 * What travels on a room channel: a server frame for the whole room, or for one viewer (`to` = their
 * room identity: buyer id, or `anon:<anonymousId>`). Personal frames are rare (a lottery win, a
 * comment-to-buy checkout link), so they share the room channel and each node filters locally instead of
 * holding one subscription per viewer.
 */
export interface RoomEnvelope {
  to?: string;
  frame: ServerFrame;
}

/** How features outside the gateway (live sessions, flash sales, lotteries, moderation) speak to a room. */
export class RoomBroadcaster {
  constructor(private readonly fanout: Fanout) {}

  async toRoom(liveSessionId: string, frame: ServerFrame): Promise<void> {
    await this.fanout.publish(roomChannel(liveSessionId), JSON.stringify({ frame } satisfies RoomEnvelope));
  }

  async toViewer(liveSessionId: string, identity: string, frame: ServerFrame): Promise<void> {
    await this.fanout.publish(roomChannel(liveSessionId), JSON.stringify({ to: identity, frame } satisfies RoomEnvelope));
  }
}
