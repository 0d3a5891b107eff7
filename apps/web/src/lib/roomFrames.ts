import type { ChatMessage, FlashSaleState, ServerFrameOf } from '@livedesk/contracts';

/*
 * How room frames change the parts of the room that the control console and the viewer page keep alike.
 * Both fold the same frames; what each keeps besides (lotteries, personal state) stays in its own reducer.
 * Shared with the viewer bundle, so: no runtime imports.
 */

export const upsert = <T>(list: readonly T[], item: T, same: (a: T) => boolean): T[] =>
  list.some(same) ? list.map((existing) => (same(existing) ? item : existing)) : [...list, item];

/**
 * The comment list after a `chat` or `chat.deleted` frame, oldest first, at most `keep` long. A message
 * seen already (in a welcome's recent chat and again as a frame) leaves the very same list.
 */
export function chatAfter(chat: ChatMessage[], frame: ServerFrameOf<'chat' | 'chat.deleted'>, keep: number): ChatMessage[] {
  if (frame.t === 'chat.deleted') return chat.filter((message) => message.id !== frame.id);
  if (chat.some((message) => message.id === frame.message.id)) return chat;
  return [...chat, frame.message].slice(-keep);
}

type FlashFrame = ServerFrameOf<'flash.start' | 'flash.stock' | 'flash.soldout' | 'flash.end'>;

/** The flash sales after one of their frames; a frame for a sale not listed changes nothing. */
export function flashSalesAfter(sales: readonly FlashSaleState[], frame: FlashFrame): FlashSaleState[] {
  if (frame.t === 'flash.start') return upsert(sales, frame.sale, (sale) => sale.flashSaleId === frame.sale.flashSaleId);
  const patch = (sale: FlashSaleState): FlashSaleState => {
    switch (frame.t) {
      case 'flash.stock':
        // Unpaid holds that expire give units back: a sold-out sale sells again.
        return { ...sale, remaining: frame.remaining, status: sale.status === 'sold_out' && frame.remaining > 0 ? 'running' : sale.status };
      case 'flash.soldout':
        return { ...sale, remaining: 0, status: 'sold_out' };
      case 'flash.end':
        return { ...sale, status: 'ended' };
    }
  };
  return sales.map((sale) => (sale.flashSaleId === frame.flashSaleId ? patch(sale) : sale));
}
