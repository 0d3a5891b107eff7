import {
  FUNNEL_DEFAULT_WINDOW_SECONDS,
  FUNNEL_MAX_STEPS,
  FUNNEL_MAX_WINDOW_SECONDS,
  FUNNEL_MIN_STEPS,
  knownEventTypes,
  type FunnelBreakdownValue,
  type FunnelOrder,
  type FunnelPropValue,
  type FunnelQueryInput,
  type KnownEventType,
} from '@livedesk/contracts';

// The funnel builder's drafts and how they become a `POST /api/v1/analytics/funnel` query.

export type FilterValueType = 'string' | 'number' | 'boolean';

export interface FilterDraft {
  id: number;
  prop: string;
  type: FilterValueType;
  value: string;
}

export interface StepDraft {
  id: number;
  event: string;
  filters: FilterDraft[];
}

export const windowUnits = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type WindowUnit = keyof typeof windowUnits;

export interface FunnelDraft {
  steps: StepDraft[];
  order: FunnelOrder;
  windowValue: number;
  windowUnit: WindowUnit;
  /** `[from, to)` in epoch ms */
  from: number;
  to: number;
  liveSessionId: string | null;
  breakdown: string;
}

/** 直播间标准漏斗: into the room, sees a product, opens it, adds it to the cart, pays. */
export const standardFunnelEvents = ['room.enter', 'product.exposure', 'product.click', 'cart.add', 'order.pay'] as const satisfies readonly KnownEventType[];

const knownTypes = new Set<string>(knownEventTypes);
export const isKnownEventType = (event: string): event is KnownEventType => knownTypes.has(event);
export const eventLabelKey = (event: KnownEventType) => `funnel.eventName.${event}` as const;

let nextId = 1;
export const newFilter = (): FilterDraft => ({ id: nextId++, prop: '', type: 'string', value: '' });
export const newStep = (event = ''): StepDraft => ({ id: nextId++, event, filters: [] });
export const standardSteps = (): StepDraft[] => standardFunnelEvents.map((event) => newStep(event));

export const canAddStep = (steps: readonly StepDraft[]) => steps.length < FUNNEL_MAX_STEPS;
export const canRemoveStep = (steps: readonly StepDraft[]) => steps.length > FUNNEL_MIN_STEPS;

/** `steps` with the one at `index` swapped with its neighbour in `direction`; unchanged at either end. */
export function moveStep<T>(steps: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (target < 0 || target >= steps.length) return [...steps];
  const next = [...steps];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** The largest window value the unit allows (the API's limit is 90 days). */
export const maxWindowValue = (unit: WindowUnit) => Math.floor(FUNNEL_MAX_WINDOW_SECONDS / windowUnits[unit]);
export const defaultWindow = { value: FUNNEL_DEFAULT_WINDOW_SECONDS / windowUnits.days, unit: 'days' as WindowUnit };

/** A draft the builder cannot send: which step (0-based) and what is wrong with it. */
export type DraftProblem = { step: number; problem: 'event' | 'filterProp' | 'filterNumber' | 'filterTwice' };

function filterValue(filter: FilterDraft): FunnelPropValue | null {
  switch (filter.type) {
    case 'string':
      return filter.value;
    case 'boolean':
      return filter.value === 'true';
    case 'number': {
      const n = Number(filter.value);
      return filter.value.trim() === '' || !Number.isFinite(n) ? null : n;
    }
  }
}

/**
 * The query the draft asks for, or the first thing that stops it being sent. The server checks the
 * rest (names, sizes, the range) and its message is shown as it is.
 */
export function toFunnelQuery(draft: FunnelDraft): { query: FunnelQueryInput } | { problem: DraftProblem } {
  const steps: FunnelQueryInput['steps'] = [];
  for (const [index, step] of draft.steps.entries()) {
    const event = step.event.trim();
    if (event === '') return { problem: { step: index, problem: 'event' } };
    // A Map, so a prop named `constructor` or `__proto__` is just a name.
    const where = new Map<string, FunnelPropValue>();
    for (const filter of step.filters) {
      const prop = filter.prop.trim();
      if (prop === '') return { problem: { step: index, problem: 'filterProp' } };
      if (where.has(prop)) return { problem: { step: index, problem: 'filterTwice' } };
      const value = filterValue(filter);
      if (value === null) return { problem: { step: index, problem: 'filterNumber' } };
      where.set(prop, value);
    }
    steps.push(where.size > 0 ? { event, where: Object.fromEntries(where) } : { event });
  }
  const breakdown = draft.breakdown.trim();
  return {
    query: {
      steps,
      order: draft.order,
      windowSeconds: draft.windowValue * windowUnits[draft.windowUnit],
      from: draft.from,
      to: draft.to,
      ...(draft.liveSessionId ? { liveSessionId: draft.liveSessionId } : {}),
      ...(breakdown ? { breakdown } : {}),
    },
  };
}

export type DurationUnit = 'days' | 'hours' | 'minutes' | 'seconds';

/** A duration as its two largest units, the way people say it: 1 天 3 小时, 4 分 20 秒; under a minute, seconds alone. */
export function durationParts(seconds: number): { unit: DurationUnit; count: number }[] {
  const total = Math.max(0, Math.round(seconds));
  const parts: { unit: DurationUnit; count: number }[] = [
    { unit: 'days', count: Math.floor(total / 86_400) },
    { unit: 'hours', count: Math.floor((total % 86_400) / 3600) },
    { unit: 'minutes', count: Math.floor((total % 3600) / 60) },
    { unit: 'seconds', count: total % 60 },
  ];
  const first = parts.findIndex((p) => p.count > 0);
  if (first === -1) return [{ unit: 'seconds', count: 0 }];
  return parts.slice(first, first + 2).filter((p, i) => i === 0 || p.count > 0);
}

/** A breakdown value as text; null (the prop missing) gets a label from the caller. */
export const breakdownText = (value: FunnelBreakdownValue): string | null => (value === null ? null : String(value));
