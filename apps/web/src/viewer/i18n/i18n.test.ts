import { orderStatuses, type RoomErrorCode } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { GIFTS } from '../shop/gifts';
import { ADDRESS_FIELDS } from '../shop/address';
import enUS from './en-US.json';
import { translate } from './i18n';
import zhCN from './zh-CN.json';

const dictionaries = { 'zh-CN': zhCN as Record<string, string>, 'en-US': enUS as Record<string, string> };
const placeholders = (text: string | undefined) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the viewer’s dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(Object.entries(dictionaries))('%s has text for every key', (_language, dictionary) => {
    for (const [key, text] of Object.entries(dictionary)) {
      expect(typeof text, key).toBe('string');
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(zhCN)) expect(placeholders(dictionaries['en-US'][key]), key).toEqual(placeholders(text));
  });

  it('name every order status, gift and address field the page can show', () => {
    const needed = [
      ...orderStatuses.map((s) => `orderStatus.${s}`),
      ...GIFTS.map((g) => `gift.${g.id}`),
      ...ADDRESS_FIELDS.flatMap((f) => [`address.${f}`, `address.${f}Hint`]),
    ];
    for (const [language, dictionary] of Object.entries(dictionaries)) {
      for (const key of needed) expect(dictionary[key], `${language}: ${key}`).toBeTypeOf('string');
    }
  });

  it('have a message for the room errors a viewer can cause', () => {
    const codes: RoomErrorCode[] = ['muted', 'blocked_word', 'held', 'slow_mode', 'rate_limited'];
    for (const code of codes) expect(zhCN).toHaveProperty([`roomError.${code}`]);
  });
});

describe('translating', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'room.online', { count: 12 })).toBe('12人在看');
    expect(translate('en-US', 'room.online', { count: 12 })).toBe('12 watching');
    expect(translate('en-US', 'room.online')).toBe('{{count}} watching');
  });
});
