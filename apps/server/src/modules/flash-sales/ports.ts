import type { ServerFrame } from '@livedesk/contracts';

// What flash sales and comment-to-buy need from the live-session module (implemented there, wired in
// app.ts), so neither depends on its tables.

export interface LiveSessionLookup {
  /** null when the show does not exist in the org */
  session(orgId: string, liveSessionId: string): Promise<{
    id: string;
    orgId: string;
    status: 'scheduled' | 'live' | 'ended';
    pinnedProductIds: string[];
  } | null>;
  /** the show's price of a SKU; null when it sells at the catalog price */
  livePrice(orgId: string, liveSessionId: string, skuId: string): Promise<number | null>;
}

/** Frames to a show's room, through the gateway's Fanout (modules/room/broadcast.ts `RoomBroadcaster`). */
export interface RoomFrames {
  toRoom(liveSessionId: string, frame: ServerFrame): Promise<void>;
  toViewer(liveSessionId: string, identity: string, frame: ServerFrame): Promise<void>;
}
