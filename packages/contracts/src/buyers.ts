import { z } from 'zod';

/** Mainland mobile numbers; the store never accepts anything else as a phone. */
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, 'a mainland China mobile number of 11 digits');

export const CreateBuyerBody = z.strictObject({
  nickname: z.string().trim().min(1).max(40).optional(),
  phone: Phone.optional(),
});

export const CreatedBuyer = z.object({ buyerId: z.string(), token: z.string(), expiresAt: z.number().int() });

export const BuyerView = z.object({
  id: z.string(),
  nickname: z.string().nullable(),
  /** masked (`138****8000`) unless the caller holds `pii:read` and asked with `?reveal=1` */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  createdAt: z.number().int(),
});
export type BuyerView = z.infer<typeof BuyerView>;
