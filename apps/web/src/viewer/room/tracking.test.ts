import { MAX_TRACK_EVENTS_PER_FRAME, type ClientFrame } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { roomTracking, TRACK_FRAME_MAX_EVENTS } from './tracking';

type TrackFrame = Extract<ClientFrame, { t: 'track' }>;

// Exposures need a real IntersectionObserver: tracking.browser.test.ts runs them in Chromium.
describe('product tracking on the room socket', () => {
  it('sends opens and cart adds as track frames of at most the frame limit, the rest when the page goes', async () => {
    const frames: TrackFrame[] = [];
    const tracking = roomTracking((frame) => frames.push(frame as TrackFrame), 'device-12345678');
    for (let i = 0; i < TRACK_FRAME_MAX_EVENTS + 5; i++) tracking.click(`p${i}`);
    tracking.cartAdd('p1', 'sku-1', 2);
    expect(frames.map((f) => [f.t, f.events.length])).toEqual([['track', TRACK_FRAME_MAX_EVENTS]]);
    tracking.close();
    expect(frames.map((f) => f.events.length)).toEqual([TRACK_FRAME_MAX_EVENTS, 6]);
    expect(frames[0]!.events[0]).toMatchObject({ type: 'product.click', props: { productId: 'p0' }, anonymousId: 'device-12345678' });
    expect(frames[1]!.events.at(-1)).toMatchObject({ type: 'cart.add', props: { productId: 'p1', skuId: 'sku-1', quantity: 2 } });
  });

  it('batches no more events per frame than the server takes', () => {
    expect(TRACK_FRAME_MAX_EVENTS).toBe(MAX_TRACK_EVENTS_PER_FRAME);
  });
});
