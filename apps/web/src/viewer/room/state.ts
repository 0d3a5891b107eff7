import type { ChatMessage, FlashSaleState, LiveSessionStatus, LotteryState, ServerFrame, ServerFrameOf } from '@livedesk/contracts';
import { chatAfter, flashSalesAfter, upsert } from '../../lib/roomFrames';

/** Comments kept for the list; older ones scroll away for good, as in the apps. */
export const CHAT_HISTORY = 50;

export type You = ServerFrameOf<'welcome'>['you'];

export interface LotteryView extends LotteryState {
  /** this viewer's entry was accepted */
  entered: boolean;
  /** revealed at the draw, with the winners; absent for a draw that happened before this viewer joined */
  seed: string | null;
  winners: { identity: string; nickname: string }[] | null;
}

export interface RoomState {
  /** a `welcome` arrived on the current connection */
  joined: boolean;
  you: You | null;
  /** null until the room said; the page then goes by the session it loaded */
  status: LiveSessionStatus | null;
  online: number;
  likes: number;
  pinnedProductIds: string[] | null;
  announcement: string | null | undefined;
  flashSales: FlashSaleState[];
  lotteries: LotteryView[];
  /** prizes this viewer won, newest last */
  wins: { lotteryId: string; prize: string }[];
  chat: ChatMessage[];
  slowModeSeconds: number;
  /** undefined: not muted; null: muted until a moderator lifts it */
  mutedUntil: number | null | undefined;
  kicked: string | null;
}

export const initialRoomState: RoomState = {
  joined: false,
  you: null,
  status: null,
  online: 0,
  likes: 0,
  pinnedProductIds: null,
  announcement: undefined,
  flashSales: [],
  lotteries: [],
  wins: [],
  chat: [],
  slowModeSeconds: 0,
  mutedUntil: undefined,
  kicked: null,
};

const patchLottery = (state: RoomState, lotteryId: string, patch: (l: LotteryView) => LotteryView): RoomState => ({
  ...state,
  lotteries: state.lotteries.map((l) => (l.lotteryId === lotteryId ? patch(l) : l)),
});

const lotteryView = (lottery: LotteryState, known?: LotteryView): LotteryView => ({
  ...lottery,
  entered: known?.entered ?? false,
  seed: known?.seed ?? null,
  winners: known?.winners ?? null,
});

/** The room as one server frame leaves it. Frames this view has no use for leave it unchanged. */
export function applyFrame(state: RoomState, frame: ServerFrame): RoomState {
  switch (frame.t) {
    case 'welcome': {
      const { you, snapshot } = frame;
      return {
        ...state,
        joined: true,
        you,
        status: snapshot.status,
        online: snapshot.online,
        likes: snapshot.likes,
        pinnedProductIds: snapshot.pinnedProductIds,
        announcement: snapshot.announcement,
        flashSales: snapshot.flashSales,
        // What this viewer learnt on an earlier connection (entries, draw results) survives a reconnect.
        lotteries: snapshot.lotteries.map((l) => lotteryView(l, state.lotteries.find((k) => k.lotteryId === l.lotteryId))),
        chat: snapshot.recentChat.slice(-CHAT_HISTORY),
        slowModeSeconds: snapshot.slowModeSeconds,
        mutedUntil: you.muted ? (state.mutedUntil ?? null) : undefined,
        kicked: null,
      };
    }
    case 'chat':
    case 'chat.deleted': {
      const chat = chatAfter(state.chat, frame, CHAT_HISTORY);
      return chat === state.chat ? state : { ...state, chat };
    }
    case 'likes':
      return { ...state, likes: frame.total };
    case 'online':
      return { ...state, online: frame.count };
    case 'status':
      return { ...state, status: frame.status };
    case 'pin':
      return { ...state, pinnedProductIds: frame.productIds };
    case 'announcement':
      return { ...state, announcement: frame.text };
    case 'flash.start':
    case 'flash.stock':
    case 'flash.soldout':
    case 'flash.end':
      return { ...state, flashSales: flashSalesAfter(state.flashSales, frame) };
    case 'lottery.start': {
      const known = state.lotteries.find((l) => l.lotteryId === frame.lottery.lotteryId);
      return { ...state, lotteries: upsert(state.lotteries, lotteryView(frame.lottery, known), (l) => l.lotteryId === frame.lottery.lotteryId) };
    }
    case 'lottery.entered':
      return patchLottery(state, frame.lotteryId, (l) => ({ ...l, entered: true }));
    case 'lottery.draw':
      return patchLottery(state, frame.lotteryId, (l) => ({ ...l, status: 'drawn', seed: frame.seed, winners: frame.winners }));
    case 'lottery.won':
      if (state.wins.some((w) => w.lotteryId === frame.lotteryId)) return state;
      return { ...state, wins: [...state.wins, { lotteryId: frame.lotteryId, prize: frame.prize }] };
    case 'followed':
      return state.you ? { ...state, you: { ...state.you, following: frame.following } } : state;
    case 'coins':
      return state.you ? { ...state, you: { ...state.you, coins: frame.balance } } : state;
    case 'muted':
      return { ...state, mutedUntil: frame.until };
    case 'unmuted':
      return { ...state, mutedUntil: undefined };
    case 'slowmode':
      return { ...state, slowModeSeconds: frame.seconds };
    case 'kicked':
      return { ...state, kicked: frame.reason };
    case 'error':
      // The gateway answers a chat from a muted viewer this way too, e.g. after a mute this connection missed.
      return frame.code === 'muted' && state.mutedUntil === undefined ? { ...state, mutedUntil: null } : state;
    // Shown once, not kept: the page handles these as they arrive.
    case 'gift':
    case 'checkout':
    case 'pong':
      return state;
    // The tracker's own answers, no part of the room.
    case 'track.ack':
      return state;
  }
}

/** One WebSocket message carries a batch of frames; they are applied in order as one update. */
export const applyFrames = (state: RoomState, frames: readonly ServerFrame[]): RoomState => frames.reduce(applyFrame, state);

/** The connection dropped: what the room said stays on screen, but it is no longer current. */
export const disconnected = (state: RoomState): RoomState => ({ ...state, joined: false });

/** Whether the viewer may not chat at `now` (a timed mute runs out by itself). */
export const isMuted = (state: RoomState, now: number): boolean =>
  state.mutedUntil === null || (state.mutedUntil !== undefined && state.mutedUntil > now);
