import { z } from 'zod';
import { EpochMs, PriceFen } from './catalog.js';
import { Address, MAX_LINE_QUANTITY } from './orders.js';
import { FlashSaleState } from './room.js';

const Id = z.string().min(1).max(64);

// ---- flash sales (秒杀): one SKU of a live show at a flash price, from a carved quota, limited per buyer

/** Longest a flash sale may run: a sale is a moment of the show, not a promotion. */
export const MAX_FLASH_SALE_SECONDS = 24 * 3600;

export const CreateFlashSaleBody = z
  .strictObject({
    skuId: Id,
    priceFen: PriceFen,
    /** units carved out of available stock for the sale (活动库存) */
    quota: z.number().int().min(1).max(1_000_000),
    perUserLimit: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
    /** absent: the sale starts when staff start it (console or API) */
    startAt: EpochMs.optional(),
    endAt: EpochMs.optional(),
    /** how long it runs from its start; the alternative to `endAt` */
    durationSeconds: z.number().int().min(1).max(MAX_FLASH_SALE_SECONDS).optional(),
  })
  .refine((b) => (b.endAt === undefined) !== (b.durationSeconds === undefined), {
    message: 'Give exactly one of endAt and durationSeconds',
    path: ['endAt'],
  })
  .refine((b) => b.endAt === undefined || b.startAt === undefined || b.endAt > b.startAt, {
    message: 'endAt must be after startAt',
    path: ['endAt'],
  });
export type CreateFlashSaleBody = z.infer<typeof CreateFlashSaleBody>;

/** What staff see: the room's state plus the show, the bookkeeping and the times as planned. */
export const FlashSaleView = FlashSaleState.omit({ startAt: true, endAt: true }).extend({
  id: z.string(),
  liveSessionId: z.string(),
  skuCode: z.string(),
  /** null until known: a sale started by hand has no start before it starts */
  startAt: z.number().int().nullable(),
  endAt: z.number().int().nullable(),
  durationSeconds: z.number().int().nullable(),
  /** units in orders not cancelled (unpaid holds and sales) */
  ordered: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type FlashSaleView = z.infer<typeof FlashSaleView>;

export const FlashSaleList = z.object({ items: z.array(FlashSaleView) });

export const FlashSaleOrderBody = z.strictObject({
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
  address: Address,
  note: z.string().max(200).optional(),
});
export type FlashSaleOrderBody = z.infer<typeof FlashSaleOrderBody>;

// ---- comment-to-buy (评论下单): a keyword in the chat claims the pinned product for the commenter

export const CommentToBuyMode = z.enum(['reserve', 'first_paid']);
export type CommentToBuyMode = z.infer<typeof CommentToBuyMode>;

export const CommentToBuySettings = z.strictObject({
  enabled: z.boolean(),
  /** whole-word keywords, matched after width and case folding: "扣1" also matches "扣１" */
  keywords: z.array(z.string().trim().min(1).max(20)).max(20),
  /** "SOLD <code> [qty]" picks the pinned product's SKU by its code */
  codePattern: z.boolean(),
  /** how long a claim holds stock (reserve) or its checkout link stays valid (first_paid) */
  holdMinutes: z.number().int().min(1).max(24 * 60),
  /** reserve: the comment holds the stock; first_paid: the first to pay gets it (CommentSold) */
  mode: CommentToBuyMode,
});
export type CommentToBuySettings = z.infer<typeof CommentToBuySettings>;

export const CartHoldStatus = z.enum(['open', 'checked_out', 'expired']);

/** A comment-to-buy claim as its buyer sees it on the checkout page. */
export const CartHoldView = z.object({
  id: z.string(),
  liveSessionId: z.string(),
  productId: z.string(),
  productTitle: z.string(),
  skuId: z.string(),
  skuCode: z.string(),
  skuTitle: z.string(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  totalFen: z.number().int(),
  mode: CommentToBuyMode,
  /** true when stock is held for the buyer until `expiresAt`; false: first to pay gets it */
  stockHeld: z.boolean(),
  status: CartHoldStatus,
  expiresAt: z.number().int(),
  /** the order it became */
  orderId: z.string().nullable(),
  /** the address of the buyer's latest order, to prefill the form */
  suggestedAddress: Address.nullable(),
});
export type CartHoldView = z.infer<typeof CartHoldView>;

export const CartHoldCheckoutBody = z.strictObject({
  address: Address,
  note: z.string().max(200).optional(),
});
export type CartHoldCheckoutBody = z.infer<typeof CartHoldCheckoutBody>;

export const CommentToBuyDecision = z.enum(['reserved', 'link_sent', 'repeated', 'refused']);

export const CommentToBuyLogEntry = z.object({
  id: z.string(),
  at: z.number().int(),
  identity: z.string(),
  buyerId: z.string().nullable(),
  messageId: z.string(),
  text: z.string(),
  decision: CommentToBuyDecision,
  /** not_signed_in | no_pin | ambiguous | unknown_code | no_stock */
  reason: z.string().nullable(),
  productId: z.string().nullable(),
  skuId: z.string().nullable(),
  quantity: z.number().int().nullable(),
  holdId: z.string().nullable(),
});
export type CommentToBuyLogEntry = z.infer<typeof CommentToBuyLogEntry>;

export const CommentToBuyLogQuery = z.strictObject({
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
