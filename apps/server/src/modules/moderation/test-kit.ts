// Test helpers for moderation: a real show to moderate, viewers as the room gateway describes them,
// and a recorder of what reaches the show's Fanout channel.
import { randomBytes } from 'node:crypto';
import type { ServerFrameOf, ServerFrameType } from '@livedesk/contracts';
import { waitFor } from '../../infra/testing/wait.js';
import type { TestApp } from '../../testing/app.js';
import { roomChannel, type RoomEnvelope } from '../room/broadcast.js';
import type { RoomViewer } from '../room/ports.js';
import { createShow } from '../../testing/live.js';

export interface Show {
  id: string;
  orgId: string;
}

export async function newShow(t: TestApp, token: string): Promise<Show> {
  const { id, orgId } = await createShow(t, token);
  return { id, orgId };
}

export async function newBuyerId(t: TestApp): Promise<{ buyerId: string; token: string }> {
  const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: {} });
  if (res.status !== 201) throw new Error(`buyer: ${res.status}`);
  return { buyerId: res.body.buyerId as string, token: res.body.token as string };
}

export const newDevice = () => `dev-${randomBytes(6).toString('hex')}`;

/** A viewer of `show`: a buyer on `anonymousId` when `buyerId` is given, else an anonymous one. */
export function viewer(show: Show, who: { buyerId?: string; anonymousId?: string; staff?: boolean } = {}): RoomViewer {
  const anonymousId = who.anonymousId ?? newDevice();
  const buyerId = who.buyerId ?? null;
  return {
    liveSessionId: show.id,
    orgId: show.orgId,
    identity: who.staff ? `staff:${anonymousId}` : (buyerId ?? `anon:${anonymousId}`),
    buyerId,
    anonymousId,
    nickname: who.staff ? '运营' : '小明',
    role: who.staff ? 'staff' : buyerId ? 'buyer' : 'viewer',
    actor: null,
  };
}

/** Collects every envelope published on a show's room channel from now on. */
export async function recordRoom(t: TestApp, liveSessionId: string) {
  const envelopes: RoomEnvelope[] = [];
  const stop = await t.livedesk.infra.fanout.subscribe(roomChannel(liveSessionId), (m) => envelopes.push(JSON.parse(m) as RoomEnvelope));
  const find = <T extends ServerFrameType>(type: T, to?: string) =>
    envelopes.filter((e) => e.frame.t === type && (to === undefined || e.to === to)).map((e) => e.frame as ServerFrameOf<T>);
  return {
    envelopes,
    frames: find,
    /** waits for the `count`-th frame of `type` (to `to`, if given) */
    async next<T extends ServerFrameType>(type: T, options: { to?: string; count?: number } = {}): Promise<ServerFrameOf<T>> {
      const count = options.count ?? 1;
      await waitFor(() => find(type, options.to).length >= count, { what: `${count} ${type} frame(s)` });
      return find(type, options.to)[count - 1]!;
    },
    stop,
  };
}

export type RoomRecorder = Awaited<ReturnType<typeof recordRoom>>;
