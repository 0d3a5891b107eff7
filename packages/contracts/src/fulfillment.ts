import { z } from 'zod';
import { AddressView, FulfillmentStatus, OrderStatus } from './orders.js';

/** Most orders in one picking wave (批次拣货): about what one picker's cart carries in a shift. */
export const MAX_WAVE_ORDERS = 200;

const Id = z.string().min(1).max(64);

/** A carrier's name or code as the warehouse writes it (`SF`, `顺丰`, `ZTO`). */
export const Carrier = z.string().trim().min(1).max(40);
/** Waybill numbers are letters, digits and dashes across the carriers we know. */
export const TrackingNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,40}$/, '4 to 40 letters, digits or dashes');

export const WaveStatus = z.enum(['open', 'picked', 'closed']);
export type WaveStatus = z.infer<typeof WaveStatus>;

export const CreateWaveBody = z.strictObject({
  /** the org's default warehouse when omitted (or the warehouse of `orderIds` when they share one) */
  warehouseId: Id.optional(),
  /** every eligible order of the warehouse (oldest paid first, at most 200) when omitted */
  orderIds: z.array(Id).min(1).max(MAX_WAVE_ORDERS).optional(),
});
export type CreateWaveBody = z.infer<typeof CreateWaveBody>;

export const WaveView = z.object({
  id: z.string(),
  waveNo: z.string(),
  warehouseId: z.string(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  status: WaveStatus,
  orderCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type WaveView = z.infer<typeof WaveView>;

/** One SKU to pick, with the orders that need it; `quantity` counts units still to ship. */
export const PickListItem = z.object({
  skuId: z.string(),
  skuCode: z.string(),
  productTitle: z.string(),
  skuTitle: z.string(),
  /** shelf location in the wave's warehouse; null when none is set (listed last) */
  bin: z.string().nullable(),
  quantity: z.number().int(),
  orders: z.array(z.object({ orderId: z.string(), orderNo: z.string(), lineId: z.string(), quantity: z.number().int() })),
});
export type PickListItem = z.infer<typeof PickListItem>;

/** 装箱单 / 发货单: what goes into one parcel of the wave. */
export const PackingSlip = z.object({
  orderId: z.string(),
  orderNo: z.string(),
  status: OrderStatus,
  fulfillmentStatus: FulfillmentStatus,
  createdAt: z.number().int(),
  paidAt: z.number().int().nullable(),
  note: z.string().nullable(),
  /** masked unless the caller holds `pii:read` and asked to reveal (`?reveal=1`, audited as `wave.print`) */
  address: AddressView,
  lines: z.array(
    z.object({
      lineId: z.string(),
      skuId: z.string(),
      skuCode: z.string(),
      productTitle: z.string(),
      skuTitle: z.string(),
      bin: z.string().nullable(),
      /** units of the line still to ship from this warehouse */
      quantity: z.number().int(),
      orderedQuantity: z.number().int(),
    }),
  ),
});
export type PackingSlip = z.infer<typeof PackingSlip>;

export const WaveDetailView = WaveView.extend({
  orders: z.array(
    z.object({ orderId: z.string(), orderNo: z.string(), status: OrderStatus, fulfillmentStatus: FulfillmentStatus, unitsToShip: z.number().int() }),
  ),
  pickList: z.array(PickListItem),
  slips: z.array(PackingSlip),
});
export type WaveDetailView = z.infer<typeof WaveDetailView>;

export const WaveListQuery = z.strictObject({
  status: WaveStatus.optional(),
  warehouseId: Id.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WaveListQuery = z.infer<typeof WaveListQuery>;
export const WavePage = z.object({ items: z.array(WaveView), nextCursor: z.string().nullable() });

export const WaveDetailQuery = z.strictObject({ reveal: z.enum(['0', '1']).optional() });
export const WavePrintQuery = z.strictObject({ doc: z.enum(['picklist', 'slips']) });

export const ShipmentLineInput = z.strictObject({ lineId: Id, quantity: z.number().int().min(1).max(999) });

export const CreateShipmentBody = z.strictObject({
  carrier: Carrier,
  trackingNo: TrackingNo,
  /** every unit still to ship when omitted (from the wave's warehouse when `waveId` is given) */
  lines: z.array(ShipmentLineInput).min(1).max(50).optional(),
  waveId: Id.optional(),
});
export type CreateShipmentBody = z.infer<typeof CreateShipmentBody>;

export const ShipmentStatus = z.enum(['shipped', 'delivered']);

export const ShipmentView = z.object({
  id: z.string(),
  orderId: z.string(),
  warehouseId: z.string(),
  waveId: z.string().nullable(),
  carrier: z.string(),
  trackingNo: z.string(),
  status: ShipmentStatus,
  shippedAt: z.number().int(),
  deliveredAt: z.number().int().nullable(),
  /** an exchange's replacement parcel: its units are not counted as the order line's shipped units */
  aftersalesId: z.string().nullable(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int() })),
});
export type ShipmentView = z.infer<typeof ShipmentView>;

/** The order after a shipment, delivery or completion, and the shipment when one was made. */
export const ShipmentResult = z.object({
  orderId: z.string(),
  status: OrderStatus,
  fulfillmentStatus: FulfillmentStatus,
  shipment: ShipmentView,
});
export type ShipmentResult = z.infer<typeof ShipmentResult>;

export const OrderShipmentsView = z.object({ items: z.array(ShipmentView) });

export const OrderProgressView = z.object({
  orderId: z.string(),
  status: OrderStatus,
  fulfillmentStatus: FulfillmentStatus,
  completedAt: z.number().int().nullable(),
});
export type OrderProgressView = z.infer<typeof OrderProgressView>;

/** Most rows in one CSV import; a bigger file is split by the sender. */
export const MAX_IMPORT_ROWS = 2000;

/**
 * A CSV shipment import, row by row: each row is its own shipment and its own transaction, so a bad
 * row never undoes a good one. `line` is the row's line number in the file (the header is line 1).
 */
export const ShipmentImportReport = z.object({
  total: z.number().int(),
  applied: z.number().int(),
  failed: z.number().int(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      orderNo: z.string(),
      carrier: z.string(),
      trackingNo: z.string(),
      ok: z.boolean(),
      shipmentId: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});
export type ShipmentImportReport = z.infer<typeof ShipmentImportReport>;
