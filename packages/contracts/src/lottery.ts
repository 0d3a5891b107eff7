import { z } from 'zod';
import { EpochMs } from './catalog.js';
import { Address } from './orders.js';

// ---- lotteries (福袋): a prize drawn among a show's viewers, verifiably
//
// The draw is `livedesk-lottery-v1`, documented in docs/lottery.md: anyone holding the revealed seed and
// the published entrant list can recompute the winners.

const Id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const LOTTERY_ALGORITHM = 'livedesk-lottery-v1';
export const MAX_LOTTERY_WINNERS = 100;

/** How a viewer enters: comment the keyword (口令), follow the shop, or be in the room when it is drawn. */
export const LotteryRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('comment'), keyword: text(20) }),
  z.strictObject({ kind: z.literal('follow') }),
  z.strictObject({ kind: z.literal('presence') }),
]);
export type LotteryRule = z.infer<typeof LotteryRule>;

export const LotteryStatus = z.enum(['draft', 'open', 'drawn', 'cancelled']);
export type LotteryStatus = z.infer<typeof LotteryStatus>;

export const LotteryPrize = z.strictObject({
  title: text(60),
  /** a real SKU shipped to each winner as a zero-price order; absent for prizes handed out otherwise */
  skuId: Id.optional(),
});
export type LotteryPrize = z.infer<typeof LotteryPrize>;

/** Exactly one of `drawAt` (a fixed time) and `durationSeconds` (counted from opening) says when it is drawn. */
export const CreateLotteryBody = z
  .strictObject({
    prize: LotteryPrize,
    winnerCount: z.number().int().min(1).max(MAX_LOTTERY_WINNERS),
    rule: LotteryRule,
    drawAt: EpochMs.optional(),
    durationSeconds: z.number().int().min(10).max(86_400).optional(),
  })
  .refine((b) => (b.drawAt === undefined) !== (b.durationSeconds === undefined), {
    message: 'give exactly one of drawAt and durationSeconds',
    path: ['drawAt'],
  });
export type CreateLotteryBody = z.infer<typeof CreateLotteryBody>;

export const LotteryWinnerView = z.object({
  buyerId: z.string(),
  nickname: z.string(),
  /** 1-based place in the draw order */
  rank: z.number().int(),
  orderId: z.string().nullable(),
  claimedAt: z.number().int().nullable(),
});
export type LotteryWinnerView = z.infer<typeof LotteryWinnerView>;

/** The staff's view. The seed itself is never shown before the draw, to staff neither. */
export const LotteryView = z.object({
  id: z.string(),
  liveSessionId: z.string(),
  prize: z.object({ title: z.string(), skuId: z.string().nullable() }),
  winnerCount: z.number().int(),
  rule: LotteryRule,
  status: LotteryStatus,
  /** set when opened with `durationSeconds`, or from creation with `drawAt` */
  drawAt: z.number().int().nullable(),
  durationSeconds: z.number().int().nullable(),
  /** sha256 of the seed, hex; published when the lottery opens */
  seedHash: z.string().nullable(),
  /** revealed at the draw */
  seed: z.string().nullable(),
  entrants: z.number().int(),
  winners: z.array(LotteryWinnerView),
  createdAt: z.number().int(),
  openedAt: z.number().int().nullable(),
  drawnAt: z.number().int().nullable(),
  cancelledAt: z.number().int().nullable(),
});
export type LotteryView = z.infer<typeof LotteryView>;

export const LotteryEntrantView = z.object({
  /** the buyer id: the string the draw sorts */
  identity: z.string(),
  /** masked (`张**`) */
  nickname: z.string(),
});

/**
 * What anyone may check: recompute sha256(seed) = seedHash, and the winners from the seed and the
 * entrants (already in the draw's order: by identity, UTF-8 byte order).
 */
export const LotteryVerificationView = z.object({
  id: z.string(),
  liveSessionId: z.string(),
  prize: z.string(),
  winnerCount: z.number().int(),
  rule: LotteryRule,
  status: LotteryStatus,
  drawAt: z.number().int().nullable(),
  drawnAt: z.number().int().nullable(),
  algorithm: z.literal(LOTTERY_ALGORITHM),
  seedHash: z.string().nullable(),
  seed: z.string().nullable(),
  /** the final entrant list, once drawn; empty before */
  entrants: z.array(LotteryEntrantView),
  winners: z.array(LotteryEntrantView.extend({ rank: z.number().int() })),
});
export type LotteryVerificationView = z.infer<typeof LotteryVerificationView>;

export const ClaimLotteryBody = z.strictObject({ address: Address });
export type ClaimLotteryBody = z.infer<typeof ClaimLotteryBody>;
