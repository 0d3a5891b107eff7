import { z } from 'zod';

// ---- tracking events: `POST /api/v1/events`, the room socket's `track` frame and the server's own events

export const MAX_EVENTS_PER_BATCH = 1000;
/** Body limit of `POST /api/v1/events`; a larger body is refused whole with `payload_too_large` (413). */
export const MAX_EVENTS_BODY_BYTES = 1_048_576;
/** Client time may run ahead of the server's by this much; further ahead is `future_ts`. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Older events are `too_old`, unless the key has `events:ingest:trusted` (imports of history). */
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;
/** The JSON of one event's `props` may not exceed this. */
export const MAX_PROPS_BYTES = 8192;

const Id = z.string().min(1).max(128);
const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What every event has; `props` is checked per known type by `knownEventProps`. */
export const TrackedEvent = z.object({
  /** client-made UUID (the SDK makes UUIDv7); the dedupe key within an org */
  id: Id,
  /** a known type below or any custom name such as `signup` */
  type: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:$-]+$/, 'letters, digits and _ . : $ - only'),
  /** client time, epoch ms; kept as sent (the server stamps its own receive time beside it) */
  ts: z.number().int().min(0),
  liveSessionId: Id.optional(),
  /** buyer id when known; identity = userId ?? anonymousId */
  userId: Id.optional(),
  anonymousId: Id,
  props: z.record(z.string(), z.unknown()).optional(),
});
export type TrackedEvent = z.infer<typeof TrackedEvent>;

export const OrderItemProps = z.object({
  skuId: Id.optional(),
  productId: Id.optional(),
  quantity: z.number().int().min(1),
  priceFen: Fen.optional(),
});

/** Props of the known types; unknown (custom) types keep whatever props they carry. */
export const knownEventProps = {
  'room.enter': z.object({}).passthrough(),
  'room.leave': z.object({}).passthrough(),
  comment: z.object({ text: z.string().min(1).max(500) }).passthrough(),
  like: z.object({ count: z.number().int().min(1).max(10_000).optional() }).passthrough(),
  share: z.object({}).passthrough(),
  follow: z.object({}).passthrough(),
  gift: z.object({ giftId: Id, valueFen: Fen }).passthrough(),
  'product.exposure': z.object({ productId: Id }).passthrough(),
  'product.click': z.object({ productId: Id }).passthrough(),
  'cart.add': z.object({ productId: Id, skuId: Id, quantity: z.number().int().min(1) }).passthrough(),
  'order.create': z.object({ orderId: Id, amountFen: Fen }).passthrough(),
  'order.pay': z.object({ orderId: Id, amountFen: Fen, items: z.array(OrderItemProps).max(200) }).passthrough(),
  'order.refund': z.object({ orderId: Id, amountFen: Fen }).passthrough(),
} as const;
export type KnownEventType = keyof typeof knownEventProps;
export const knownEventTypes = Object.keys(knownEventProps) as KnownEventType[];
/** Commerce events: accepted from outside only with `events:ingest:trusted`. */
export const isCommerceEventType = (type: string): boolean => type.startsWith('order.');

export const IngestEventsBody = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

/** Why one event of a batch was refused; the rest of the batch is kept. */
export const eventRejectionCodes = [
  /** not an object, a field missing or of the wrong type, bad props for a known type */
  'invalid_event',
  'missing_anonymous_id',
  /** `ts` more than 5 minutes ahead of the server's clock */
  'future_ts',
  /** older than 7 days without the trusted scope */
  'too_old',
  /** `liveSessionId` names no session of the key's org */
  'unknown_session',
  /** `order.*` from a key without `events:ingest:trusted` */
  'forbidden_type',
] as const;
export const EventRejectionCode = z.enum(eventRejectionCodes);
export type EventRejectionCode = z.infer<typeof EventRejectionCode>;

export const IngestResult = z.object({
  /** events stored now */
  accepted: z.number().int(),
  /** events whose id was already stored, or appears earlier in the batch (a resend): not stored again, not an error */
  duplicates: z.number().int(),
  rejected: z.array(
    z.object({ index: z.number().int(), code: EventRejectionCode, message: z.string(), field: z.string().optional() }),
  ),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** An event as stored and consumed by analytics: as sent, plus the server's receive time and the org. */
export interface StoredEvent extends TrackedEvent {
  orgId: string;
  receivedAt: number;
}
