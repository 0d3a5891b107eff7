import { createTracker, type Tracker } from '@livedesk/sdk';
import { useEffect, useMemo } from 'preact/hooks';
import type { OutgoingFrame } from './connection';

/** The contracts' `MAX_TRACK_EVENTS_PER_FRAME`; the page loads the contracts as types only, a test holds the two equal. */
export const TRACK_FRAME_MAX_EVENTS = 50;

/** Half of a card in view counts as seen: a sliver at the edge of the drawer is not an exposure. */
const EXPOSURE_THRESHOLD = 0.5;

/**
 * The room's product funnel: a product card's first time in view (once per product per visit), opening
 * a product, adding to the cart. Sent as `track` frames on the room socket, where the server sets the
 * viewer and the show, so the page needs no write key.
 */
export class ProductTracking {
  private readonly exposed = new Set<string>();
  private readonly observer: IntersectionObserver | null;

  constructor(private readonly tracker: Tracker) {
    this.observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              this.observer?.unobserve(entry.target);
              const productId = (entry.target as HTMLElement).dataset.productId;
              if (productId) this.exposure(productId);
            }
          }, { threshold: EXPOSURE_THRESHOLD });
  }

  /** A ref for a product card carrying `data-product-id`. */
  readonly watch = (card: HTMLElement | null): (() => void) | void => {
    const productId = card?.dataset.productId;
    if (!card || !productId || !this.observer || this.exposed.has(productId)) return;
    this.observer.observe(card);
    return () => this.observer?.unobserve(card);
  };

  exposure(productId: string): void {
    if (this.exposed.has(productId)) return;
    this.exposed.add(productId);
    this.tracker.track('product.exposure', { productId });
  }

  click(productId: string): void {
    this.tracker.track('product.click', { productId });
  }

  cartAdd(productId: string, skuId: string, quantity: number): void {
    this.tracker.track('cart.add', { productId, skuId, quantity });
  }

  close(): void {
    this.observer?.disconnect();
    this.tracker.close();
  }
}

export function roomTracking(send: (frame: OutgoingFrame) => void, anonymousId: string): ProductTracking {
  const deliver = (events: Extract<OutgoingFrame, { t: 'track' }>['events']) => send({ t: 'track', events });
  return new ProductTracking(
    createTracker({
      anonymousId,
      storage: null,
      maxBatch: TRACK_FRAME_MAX_EVENTS,
      // The socket queues frames while it reconnects, so a batch handed to it counts as sent.
      transport: {
        send: async (events) => {
          deliver(events);
          return { kind: 'sent' };
        },
        sendOnExit: (events) => {
          deliver(events);
          return true;
        },
      },
    }),
  );
}

export function useProductTracking(send: (frame: OutgoingFrame) => void, anonymousId: string): ProductTracking {
  const tracking = useMemo(() => roomTracking(send, anonymousId), [send, anonymousId]);
  useEffect(() => () => tracking.close(), [tracking]);
  return tracking;
}
