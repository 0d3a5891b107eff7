import type { ChatMessage, FlashSaleState, LiveSessionStatus, LotteryState, ServerFrame, ServerFrameOf } from '@livedesk/contracts';
import { chatAfter, flashSalesAfter, upsert } from '../../../lib/roomFrames';

/*
 * The control console's picture of the room, folded from the room socket's frames. `welcome` (on every
 * connect and reconnect) replaces it wholesale, so a console that missed frames while offline is right
 * again as soon as it is back.
 */

/** Comments kept on screen; older ones scroll out (the moderation log keeps the record). */
export const MAX_CONSOLE_CHAT = 300;

export type ConsoleLottery = LotteryState & {
  /** revealed at the draw: anyone can check sha256(seed) against the published `seedHash` */
  seed?: string;
  winners?: ServerFrameOf<'lottery.draw'>['winners'];
};

export interface ConsoleRoomState {
  /** null until the first `welcome` */
  status: LiveSessionStatus | null;
  online: number;
  likes: number;
  pinnedProductIds: string[];
  announcement: string | null;
  slowModeSeconds: number;
  flashSales: FlashSaleState[];
  lotteries: ConsoleLottery[];
  /** oldest first */
  chat: ChatMessage[];
  /** bumped by frames that mean orders moved (flash-sale stock): the order figures are read again */
  salesActivity: number;
}

export const initialRoomState: ConsoleRoomState = {
  status: null,
  online: 0,
  likes: 0,
  pinnedProductIds: [],
  announcement: null,
  slowModeSeconds: 0,
  flashSales: [],
  lotteries: [],
  chat: [],
  salesActivity: 0,
};

export function applyFrame(state: ConsoleRoomState, frame: ServerFrame): ConsoleRoomState {
  switch (frame.t) {
    case 'welcome': {
      const { snapshot } = frame;
      // A draw seen before a reconnect keeps its seed and winners; the snapshot carries only the state.
      const revealed = new Map(state.lotteries.filter((l) => l.seed !== undefined).map((l) => [l.lotteryId, l]));
      return {
        status: snapshot.status,
        online: snapshot.online,
        likes: snapshot.likes,
        pinnedProductIds: snapshot.pinnedProductIds,
        announcement: snapshot.announcement,
        slowModeSeconds: snapshot.slowModeSeconds,
        flashSales: snapshot.flashSales,
        lotteries: snapshot.lotteries.map((lottery) => {
          const seen = revealed.get(lottery.lotteryId);
          return seen ? { ...lottery, seed: seen.seed, winners: seen.winners } : lottery;
        }),
        chat: snapshot.recentChat.slice(-MAX_CONSOLE_CHAT),
        salesActivity: state.salesActivity + 1,
      };
    }
    case 'chat':
    case 'chat.deleted': {
      const chat = chatAfter(state.chat, frame, MAX_CONSOLE_CHAT);
      return chat === state.chat ? state : { ...state, chat };
    }
    case 'likes':
      return { ...state, likes: Math.max(state.likes, frame.total) };
    case 'online':
      return { ...state, online: frame.count };
    case 'status':
      return { ...state, status: frame.status };
    case 'pin':
      return { ...state, pinnedProductIds: frame.productIds };
    case 'announcement':
      return { ...state, announcement: frame.text };
    case 'slowmode':
      return { ...state, slowModeSeconds: frame.seconds };
    case 'flash.start':
    case 'flash.end':
      return { ...state, flashSales: flashSalesAfter(state.flashSales, frame) };
    case 'flash.stock':
    case 'flash.soldout':
      return { ...state, flashSales: flashSalesAfter(state.flashSales, frame), salesActivity: state.salesActivity + 1 };
    case 'lottery.start':
      return {
        ...state,
        lotteries: upsert(state.lotteries, frame.lottery as ConsoleLottery, (l) => l.lotteryId === frame.lottery.lotteryId),
      };
    case 'lottery.draw':
      return {
        ...state,
        lotteries: state.lotteries.map((lottery) =>
          lottery.lotteryId === frame.lotteryId ? { ...lottery, status: 'drawn', seed: frame.seed, winners: frame.winners } : lottery,
        ),
      };
    default:
      // Personal frames (coins, checkout, muted…) concern a viewer, not the console; errors are reported apart.
      return state;
  }
}

export const applyFrames = (state: ConsoleRoomState, frames: readonly ServerFrame[]): ConsoleRoomState => frames.reduce(applyFrame, state);

