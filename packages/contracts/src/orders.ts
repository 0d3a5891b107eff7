import { z } from 'zod';
import { Phone } from './buyers.js';

export const orderStatuses = ['pending_payment', 'paid', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export const OrderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof OrderStatus>;
export const PaymentStatus = z.enum(['unpaid', 'paid', 'partially_refunded', 'refunded']);
export const FulfillmentStatus = z.enum(['unfulfilled', 'partially_shipped', 'shipped', 'delivered']);
export const OrderChannel = z.enum(['store', 'live', 'external']);
export const CancelReason = z.enum(['timeout', 'buyer', 'staff', 'payment_failed', 'refunded']);

/** Most units of one SKU in one order line: more is a wholesale order, not a live-room purchase. */
export const MAX_LINE_QUANTITY = 999;

const text = (max: number) => z.string().trim().min(1).max(max);

export const Address = z.strictObject({
  name: text(40),
  phone: Phone,
  province: text(40),
  city: text(40),
  district: text(40),
  detail: text(200),
});
export type Address = z.infer<typeof Address>;

export const PlaceOrderBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        skuId: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
        /** Accepted and ignored: prices and totals always come from the catalog. */
        priceFen: z.number().optional(),
      }),
    )
    .min(1)
    .max(50),
  liveSessionId: z.string().min(1).max(64).optional(),
  couponCode: z.string().min(1).max(64).optional(),
  address: Address,
  note: z.string().max(200).optional(),
  /** Accepted and ignored, like `items[].priceFen`. */
  totalFen: z.number().optional(),
});
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;

export const OrderLineView = z.object({
  id: z.string(),
  productId: z.string(),
  skuId: z.string(),
  skuCode: z.string(),
  productTitle: z.string(),
  skuTitle: z.string(),
  unitPriceFen: z.number().int(),
  quantity: z.number().int(),
  lineTotalFen: z.number().int(),
  shippedQuantity: z.number().int(),
  refundedQuantity: z.number().int(),
  returnedQuantity: z.number().int(),
  warehouseId: z.string(),
});

export const AddressView = z.object({
  name: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  /** true when name, phone and detail are masked (the caller lacks `pii:read` or did not ask to reveal) */
  masked: z.boolean(),
});
export type AddressView = z.infer<typeof AddressView>;

export const OrderView = z.object({
  id: z.string(),
  orderNo: z.string(),
  buyerId: z.string(),
  channel: OrderChannel,
  liveSessionId: z.string().nullable(),
  status: OrderStatus,
  paymentStatus: PaymentStatus,
  fulfillmentStatus: FulfillmentStatus,
  itemsFen: z.number().int(),
  discountFen: z.number().int(),
  shippingFen: z.number().int(),
  totalFen: z.number().int(),
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  expiresAt: z.number().int().nullable(),
  paidAt: z.number().int().nullable(),
  cancelledAt: z.number().int().nullable(),
  cancelReason: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  lines: z.array(OrderLineView),
  address: AddressView,
});
export type OrderView = z.infer<typeof OrderView>;

export const OrderEventView = z.object({
  seq: z.number().int(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  actorType: z.string(),
  actorId: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.number().int(),
});
export type OrderEventView = z.infer<typeof OrderEventView>;

export const OrderDetailView = OrderView.extend({ timeline: z.array(OrderEventView) });
export type OrderDetailView = z.infer<typeof OrderDetailView>;

export const OrderListQuery = z.strictObject({
  status: OrderStatus.optional(),
  channel: OrderChannel.optional(),
  liveSessionId: z.string().max(64).optional(),
  buyerId: z.string().max(64).optional(),
  /** order number or its tail */
  q: z.string().max(40).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderSummaryView = OrderView.omit({ lines: true, address: true }).extend({
  itemCount: z.number().int(),
  firstItemTitle: z.string(),
  province: z.string(),
  city: z.string(),
});
export const OrderPage = z.object({ items: z.array(OrderSummaryView), nextCursor: z.string().nullable() });

export const CancelOrderBody = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });

export const CommerceSettingsView = z.object({
  unpaidTimeoutMinutes: z.number().int(),
  aftersalesAutoApproveHours: z.number().int().nullable(),
});
export const UpdateCommerceSettingsBody = z.strictObject({
  unpaidTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
  aftersalesAutoApproveHours: z.number().int().min(1).max(30 * 24).nullable().optional(),
});
