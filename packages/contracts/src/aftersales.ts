import { z } from 'zod';
import { FulfillmentStatus, OrderEventView, OrderStatus, PaymentStatus } from './orders.js';
import { Carrier, TrackingNo } from './fulfillment.js';

/** 仅退款 refund_only · 退货退款 return_refund · 换货 exchange */
export const AftersalesType = z.enum(['refund_only', 'return_refund', 'exchange']);
export type AftersalesType = z.infer<typeof AftersalesType>;

export const aftersalesStatuses = ['requested', 'approved', 'rejected', 'return_shipped', 'received', 'refunded', 'closed'] as const;
export const AftersalesStatus = z.enum(aftersalesStatuses);
export type AftersalesStatus = z.infer<typeof AftersalesStatus>;

/** What happens to returned goods when the warehouse receives them: back on the shelf, or written off. */
export const ReturnDisposition = z.enum(['restock', 'write_off']);
export type ReturnDisposition = z.infer<typeof ReturnDisposition>;

/** Photos per case, as on the big marketplaces. */
export const MAX_EVIDENCE = 9;

/**
 * Keys of evidence photos uploaded through `POST /api/v1/store/aftersales/evidence`: only the uploading
 * buyer may attach them, and they are served to that buyer and to staff, never publicly.
 */
export const EvidenceKey = z.string().regex(/^evidence\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\/[0-9a-f-]{36}\.(?:jpg|png|webp)$/, 'a key returned by the evidence upload');

const Id = z.string().min(1).max(64);

export const AftersalesLineInput = z.strictObject({ lineId: Id, quantity: z.number().int().min(1).max(999) });

export const CreateAftersalesBody = z.strictObject({
  type: AftersalesType,
  lines: z.array(AftersalesLineInput).min(1).max(50),
  reason: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).optional(),
  evidence: z.array(EvidenceKey).max(MAX_EVIDENCE).optional(),
});
export type CreateAftersalesBody = z.infer<typeof CreateAftersalesBody>;

export const ReturnShipmentBody = z.strictObject({ carrier: Carrier, trackingNo: TrackingNo });
export const RejectAftersalesBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });
export const ReceiveReturnBody = z.strictObject({ disposition: ReturnDisposition });
export const CloseAftersalesBody = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });
export const ReplacementShipmentBody = z.strictObject({ carrier: Carrier, trackingNo: TrackingNo });

export const AftersalesLineView = z.object({
  lineId: z.string(),
  skuId: z.string(),
  skuCode: z.string(),
  productTitle: z.string(),
  skuTitle: z.string(),
  unitPriceFen: z.number().int(),
  quantity: z.number().int(),
});

export const AftersalesView = z.object({
  id: z.string(),
  caseNo: z.string(),
  orderId: z.string(),
  orderNo: z.string(),
  buyerId: z.string(),
  type: AftersalesType,
  status: AftersalesStatus,
  reason: z.string(),
  description: z.string().nullable(),
  evidence: z.array(z.string()),
  /** what the refund step pays back (the lines' paid value, capped at paid − refunded then); 0 for exchanges */
  refundFen: z.number().int(),
  /**
   * refund_only for units that had not shipped when it was requested: they are kept off pick lists and
   * shipments while the case is open, and their stock is released when it is refunded
   */
  unshipped: z.boolean(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  disposition: ReturnDisposition.nullable(),
  rejectReason: z.string().nullable(),
  /** when the next step is due: a staff decision, the buyer's return parcel, its receipt, the refund */
  slaDueAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  lines: z.array(AftersalesLineView),
});
export type AftersalesView = z.infer<typeof AftersalesView>;

export const AftersalesOrderSummary = z.object({
  id: z.string(),
  orderNo: z.string(),
  status: OrderStatus,
  paymentStatus: PaymentStatus,
  fulfillmentStatus: FulfillmentStatus,
  totalFen: z.number().int(),
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  createdAt: z.number().int(),
});

/** The case with its order and the order-timeline rows that belong to it (steps, refunds, replacement). */
export const AftersalesDetailView = AftersalesView.extend({
  order: AftersalesOrderSummary,
  timeline: z.array(OrderEventView),
});
export type AftersalesDetailView = z.infer<typeof AftersalesDetailView>;

export const AftersalesListQuery = z.strictObject({
  status: AftersalesStatus.optional(),
  type: AftersalesType.optional(),
  orderId: Id.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AftersalesListQuery = z.infer<typeof AftersalesListQuery>;

export const AftersalesPage = z.object({ items: z.array(AftersalesView), nextCursor: z.string().nullable() });

export const UploadedEvidence = z.object({ key: z.string(), contentType: z.string(), size: z.number().int() });
