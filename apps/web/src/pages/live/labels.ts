import {
  BuyerTag,
  CommentToBuyMode,
  LiveSessionStatus,
  LotteryStatus,
  type FlashSaleState,
  type LotteryRule,
} from '@livedesk/contracts';

/*
 * Translation keys for the live contract's values; labels.test.ts proves each value has a label in both
 * languages.
 */

export const liveStatuses = LiveSessionStatus.options;
export const buyerTags = BuyerTag.options;
export const lotteryStatuses = LotteryStatus.options;
export const commentToBuyModes = CommentToBuyMode.options;
export const flashSaleStatuses = ['scheduled', 'running', 'sold_out', 'ended'] as const satisfies readonly FlashSaleState['status'][];
export const lotteryRuleKinds = ['comment', 'follow', 'presence'] as const satisfies readonly LotteryRule['kind'][];

export const liveStatusLabelKey = (status: LiveSessionStatus) => `live.status.${status}` as const;
export const buyerTagLabelKey = (tag: BuyerTag) => `live.buyerTag.${tag}` as const;
export const flashSaleStatusLabelKey = (status: FlashSaleState['status']) => `live.flash.status.${status}` as const;
export const lotteryStatusLabelKey = (status: LotteryStatus) => `live.lottery.status.${status}` as const;
export const lotteryRuleLabelKey = (kind: LotteryRule['kind']) => `live.lottery.rule.${kind}` as const;
export const commentToBuyModeLabelKey = (mode: CommentToBuyMode) => `live.commentToBuy.mode.${mode}` as const;
