import { FunnelQuery, knownEventTypes } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import enUS from '../../i18n/en-US.json';
import zhCN from '../../i18n/zh-CN.json';
import { durationParts, maxWindowValue, moveStep, newFilter, newStep, standardSteps, toFunnelQuery, type FunnelDraft } from './funnelModel';

const draft = (patch: Partial<FunnelDraft> = {}): FunnelDraft => ({
  steps: standardSteps(),
  order: 'ordered',
  windowValue: 2,
  windowUnit: 'hours',
  from: 1_000,
  to: 2_000,
  liveSessionId: null,
  breakdown: '',
  ...patch,
});

describe('funnel drafts', () => {
  it('turns the standard preset into a query the API accepts', () => {
    const built = toFunnelQuery(draft({ liveSessionId: 'show-1', breakdown: ' source ' }));
    if (!('query' in built)) throw new Error('expected a query');
    expect(built.query).toEqual({
      steps: ['room.enter', 'product.exposure', 'product.click', 'cart.add', 'order.pay'].map((event) => ({ event })),
      order: 'ordered',
      windowSeconds: 7200,
      from: 1_000,
      to: 2_000,
      liveSessionId: 'show-1',
      breakdown: 'source',
    });
    expect(FunnelQuery.safeParse(built.query).success).toBe(true);
  });

  it('types filter values, so "5" and 5 stay different', () => {
    const step = newStep('product.click');
    step.filters = [
      { ...newFilter(), prop: 'productId', value: '5' },
      { ...newFilter(), prop: 'position', type: 'number', value: '5' },
      { ...newFilter(), prop: 'pinned', type: 'boolean', value: 'false' },
      { ...newFilter(), prop: 'constructor', value: 'x' },
    ];
    const built = toFunnelQuery(draft({ steps: [newStep('room.enter'), step] }));
    if (!('query' in built)) throw new Error('expected a query');
    expect(built.query.steps[1]!.where).toEqual({ productId: '5', position: 5, pinned: false, constructor: 'x' });
  });

  it('names the step and the problem that stops a draft being sent', () => {
    expect(toFunnelQuery(draft({ steps: [newStep('room.enter'), newStep('  ')] }))).toEqual({ problem: { step: 1, problem: 'event' } });
    const noProp = newStep('cart.add');
    noProp.filters = [newFilter()];
    expect(toFunnelQuery(draft({ steps: [noProp, newStep('order.pay')] }))).toEqual({ problem: { step: 0, problem: 'filterProp' } });
    const notNumber = newStep('cart.add');
    notNumber.filters = [{ ...newFilter(), prop: 'quantity', type: 'number', value: 'two' }];
    expect(toFunnelQuery(draft({ steps: [newStep('room.enter'), notNumber] }))).toEqual({ problem: { step: 1, problem: 'filterNumber' } });
    const twice = newStep('cart.add');
    twice.filters = [{ ...newFilter(), prop: 'skuId', value: 'a' }, { ...newFilter(), prop: 'skuId', value: 'b' }];
    expect(toFunnelQuery(draft({ steps: [twice, newStep('order.pay')] }))).toEqual({ problem: { step: 0, problem: 'filterTwice' } });
  });

  it('moves a step by one and leaves the ends alone', () => {
    expect(moveStep(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveStep(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('caps the window at 90 days in every unit', () => {
    expect([maxWindowValue('days'), maxWindowValue('hours'), maxWindowValue('minutes')]).toEqual([90, 2160, 129_600]);
  });
});

describe('durations', () => {
  it('reads as its two largest units', () => {
    expect(durationParts(0)).toEqual([{ unit: 'seconds', count: 0 }]);
    expect(durationParts(42.4)).toEqual([{ unit: 'seconds', count: 42 }]);
    expect(durationParts(260)).toEqual([{ unit: 'minutes', count: 4 }, { unit: 'seconds', count: 20 }]);
    expect(durationParts(3600 + 59)).toEqual([{ unit: 'hours', count: 1 }]);
    expect(durationParts(2 * 86_400 + 3 * 3600 + 5)).toEqual([{ unit: 'days', count: 2 }, { unit: 'hours', count: 3 }]);
  });
});

describe('event names', () => {
  it('has a label for every known event type in both languages', () => {
    const lookup = (tree: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
    for (const type of knownEventTypes) {
      expect(typeof lookup(zhCN.funnel.eventName, type), type).toBe('string');
      expect(typeof lookup(enUS.funnel.eventName, type), type).toBe('string');
    }
  });
});
