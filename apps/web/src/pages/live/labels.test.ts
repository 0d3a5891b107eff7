import { describe, expect, it } from 'vitest';
import enUS from '../../i18n/en-US.json';
import zhCN from '../../i18n/zh-CN.json';
import {
  buyerTagLabelKey,
  buyerTags,
  commentToBuyModeLabelKey,
  commentToBuyModes,
  flashSaleStatusLabelKey,
  flashSaleStatuses,
  liveStatuses,
  liveStatusLabelKey,
  lotteryRuleKinds,
  lotteryRuleLabelKey,
  lotteryStatuses,
  lotteryStatusLabelKey,
} from './labels';

const lookup = (catalogue: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), catalogue);

describe('labels for the live contract values', () => {
  const required: [string, string[]][] = [
    ['session statuses', liveStatuses.map(liveStatusLabelKey)],
    ['buyer tags', buyerTags.map(buyerTagLabelKey)],
    ['flash-sale statuses', flashSaleStatuses.map(flashSaleStatusLabelKey)],
    ['lottery statuses', lotteryStatuses.map(lotteryStatusLabelKey)],
    ['lottery rules', lotteryRuleKinds.map(lotteryRuleLabelKey)],
    ['comment-to-buy modes', commentToBuyModes.map(commentToBuyModeLabelKey)],
  ];

  it.each(required)('every one of the %s has a label in both languages', (_what, keys) => {
    for (const [language, catalogue] of Object.entries({ 'zh-CN': zhCN, 'en-US': enUS })) {
      for (const key of keys) expect(typeof lookup(catalogue, key), `${language}: ${key}`).toBe('string');
    }
  });
});
