import type { ChatMessage } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { chatAfter, flashSalesAfter } from './roomFrames';
import { flashSaleState as sale } from './testFixtures';

const message = (id: string): ChatMessage => ({ id, user: { id: `b-${id}`, nickname: 'n', tags: [] }, text: id, at: 1 });

describe('chat frames', () => {
  it('appends a message once and keeps only the newest', () => {
    const chat = [message('a'), message('b')];
    expect(chatAfter(chat, { t: 'chat', message: message('b') }, 2)).toBe(chat);
    expect(chatAfter(chat, { t: 'chat', message: message('c') }, 2).map((m) => m.id)).toEqual(['b', 'c']);
  });

  it('drops a deleted message', () => {
    expect(chatAfter([message('a'), message('b')], { t: 'chat.deleted', id: 'a' }, 5).map((m) => m.id)).toEqual(['b']);
  });
});

describe('flash-sale frames', () => {
  it('lists a started sale once, replacing it when started again', () => {
    const sales = flashSalesAfter([sale('f1', { status: 'scheduled' })], { t: 'flash.start', sale: sale('f1') });
    expect(sales).toEqual([sale('f1')]);
    expect(flashSalesAfter(sales, { t: 'flash.start', sale: sale('f2') }).map((s) => s.flashSaleId)).toEqual(['f1', 'f2']);
  });

  it('sells out, sells again when a hold expires, and ends', () => {
    let sales = flashSalesAfter([sale('f1'), sale('f2')], { t: 'flash.soldout', flashSaleId: 'f1' });
    expect(sales[0]).toMatchObject({ remaining: 0, status: 'sold_out' });
    sales = flashSalesAfter(sales, { t: 'flash.stock', flashSaleId: 'f1', remaining: 2 });
    expect(sales[0]).toMatchObject({ remaining: 2, status: 'running' });
    sales = flashSalesAfter(sales, { t: 'flash.end', flashSaleId: 'f1' });
    expect(sales[0]).toMatchObject({ remaining: 2, status: 'ended' });
    expect(flashSalesAfter(sales, { t: 'flash.stock', flashSaleId: 'f1', remaining: 1 })[0]?.status).toBe('ended');
    expect(sales[1]).toEqual(sale('f2'));
  });
});
