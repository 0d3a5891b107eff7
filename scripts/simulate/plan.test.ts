import { describe, expect, it } from 'vitest';
import { planShow, type PlanProduct } from './plan.js';

const products: PlanProduct[] = ['p1', 'p2', 'p3', 'p4'].map((productId) => ({ productId, title: `商品${productId}`, skus: [{ skuId: `${productId}-s1`, available: 100 }] }));
const showMs = 60 * 60_000;

describe('planShow', () => {
  const plan = planShow({ seed: 7, viewers: 2000, showMs, products });
  const visits = plan.viewers.flatMap((v) => v.visits);
  const actions = visits.flatMap((v) => v.actions);

  it('is the same show for the same seed, and another for another seed', () => {
    expect(planShow({ seed: 7, viewers: 2000, showMs, products })).toEqual(plan);
    expect(planShow({ seed: 8, viewers: 2000, showMs, products }).viewers[0]).not.toEqual(plan.viewers[0]);
  });

  it('ramps arrivals up over the first minutes', () => {
    const arrivals = plan.viewers.map((v) => v.visits[0]!.enterAt);
    const inWindow = (from: number, to: number) => arrivals.filter((t) => t >= from * showMs && t < to * showMs).length;
    expect(inWindow(0, 0.05)).toBeLessThan(inWindow(0.1, 0.15));
    expect(inWindow(0.1, 0.15)).toBeLessThan(inWindow(0.3, 0.35) * 1.2);
    expect(plan.viewers.length).toBeGreaterThan(1900);
  });

  it('has some viewers come back, each visit inside the show and after the last', () => {
    expect(plan.viewers.filter((v) => v.visits.length > 1).length).toBeGreaterThan(100);
    for (const viewer of plan.viewers) {
      let last = -1;
      for (const visit of viewer.visits) {
        expect(visit.enterAt).toBeGreaterThan(last);
        expect(visit.leaveAt).toBeLessThanOrEqual(showMs);
        last = visit.leaveAt;
        for (const action of visit.actions) {
          expect(action.at).toBeGreaterThanOrEqual(visit.enterAt);
          expect(action.at).toBeLessThanOrEqual(visit.leaveAt);
        }
      }
    }
  });

  it('buys at a realistic rate, and only as a buyer who saw and opened the product first', () => {
    const buyers = plan.viewers.filter((v) => v.visits.some((visit) => visit.actions.some((a) => a.kind === 'buy')));
    expect(buyers.length / plan.viewers.length).toBeGreaterThan(0.02);
    expect(buyers.length / plan.viewers.length).toBeLessThan(0.15);
    for (const viewer of buyers) {
      expect(viewer.buyer).toBe(true);
      for (const visit of viewer.visits) {
        for (const [i, action] of visit.actions.entries()) {
          if (action.kind !== 'buy') continue;
          const before = visit.actions.slice(0, i);
          expect(before.some((a) => a.kind === 'exposure' && a.productId === action.productId)).toBe(true);
          expect(before.some((a) => a.kind === 'click' && a.productId === action.productId)).toBe(true);
        }
      }
    }
  });

  it('leaves comments and follows to buyers, and talks in Chinese', () => {
    for (const viewer of plan.viewers) {
      const acts = viewer.visits.flatMap((v) => v.actions);
      if (acts.some((a) => a.kind === 'comment' || a.kind === 'follow')) expect(viewer.buyer).toBe(true);
    }
    const comments = actions.flatMap((a) => (a.kind === 'comment' ? [a.text] : []));
    expect(new Set(comments).size).toBeGreaterThan(20);
    expect(comments).toContain('扣1');
    expect(comments.every((c) => /[\u4e00-\u9fff]|^1$/.test(c))).toBe(true);
  });

  it('presents the lineup in order and shows each newly pinned product to who is in the room', () => {
    expect(plan.pins.map((p) => p.productId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    const pinTwo = plan.pins[1]!.at;
    const watching = visits.filter((v) => v.enterAt < pinTwo && v.leaveAt > pinTwo + 1000);
    expect(watching.length).toBeGreaterThan(0);
    for (const visit of watching) expect(visit.actions.some((a) => a.kind === 'exposure' && a.productId === 'p2')).toBe(true);
  });

  it('gives every device its own id, phone and address', () => {
    expect(new Set(plan.viewers.map((v) => v.anonymousId)).size).toBe(plan.viewers.length);
    expect(new Set(plan.viewers.map((v) => v.address.phone)).size).toBeGreaterThan(plan.viewers.length * 0.99);
    for (const viewer of plan.viewers) expect(viewer.anonymousId.length).toBeGreaterThanOrEqual(8);
  });
});
