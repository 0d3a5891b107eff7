import { MAX_CHAT_LENGTH as contractChat, MAX_LIKES_PER_FRAME as contractLikes, MAX_LINE_QUANTITY as contractQuantity, Phone } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_CHAT_LENGTH, MAX_LIKES_PER_FRAME, MAX_LINE_QUANTITY, PHONE_PATTERN } from './limits';

describe('the viewer restates the protocol limits', () => {
  it('as the contracts define them', () => {
    expect(MAX_CHAT_LENGTH).toBe(contractChat);
    expect(MAX_LIKES_PER_FRAME).toBe(contractLikes);
    expect(MAX_LINE_QUANTITY).toBe(contractQuantity);
  });

  it('with the same phone rule', () => {
    for (const phone of ['13800138000', '19912345678', '12800138000', '1380013800', '138001380000', '+8613800138000']) {
      expect(PHONE_PATTERN.test(phone), phone).toBe(Phone.safeParse(phone).success);
    }
  });
});
