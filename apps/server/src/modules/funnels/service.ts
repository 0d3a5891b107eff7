import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FunnelBreakdownValue, FunnelQuery, FunnelResult } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { FunnelTally, personOutcome, type FunnelSpec } from './engine.js';
import type { FunnelsRepo } from './repo.js';

export interface FunnelsOptions {
  /** events read from OLAP at once; memory holds about one chunk */
  eventsPerChunk?: number;
  /** events worked through between two turns of the event loop, so that a big funnel does not stall the rest of the server */
  eventsPerSlice?: number;
}

/** The breakdown key of persons whose entry event lacks the prop (or has it as JSON null). */
const NULL_KEY = 'null';

export class FunnelsService {
  private readonly eventsPerChunk: number;
  private readonly eventsPerSlice: number;

  constructor(
    private readonly repo: FunnelsRepo,
    { eventsPerChunk = 1_000_000, eventsPerSlice = 50_000 }: FunnelsOptions = {},
  ) {
    this.eventsPerChunk = eventsPerChunk;
    this.eventsPerSlice = eventsPerSlice;
  }

  async funnel(actor: Actor, query: FunnelQuery): Promise<FunnelResult> {
    const events = query.steps.map((s) => s.event);
    const spec: FunnelSpec = { steps: events.length, order: query.order, windowMs: query.windowSeconds * 1000 };
    const scan = { ...query, orgId: actor.orgId };
    const total = new FunnelTally(spec.steps);
    const byValue = new Map<string, FunnelTally>();

    let sinceYield = 0;
    for await (const persons of this.repo.chunks(scan, this.eventsPerChunk)) {
      for (const person of persons) {
        const outcome = personOutcome(spec, person);
        total.add(outcome);
        if (query.breakdown !== undefined) {
          const key = person.breakdown ?? NULL_KEY;
          let tally = byValue.get(key);
          if (!tally) byValue.set(key, (tally = new FunnelTally(spec.steps)));
          tally.add(outcome);
        }
        sinceYield += person.ts.length;
        if (sinceYield >= this.eventsPerSlice) {
          sinceYield = 0;
          await yieldToLoop();
        }
      }
    }

    const result: FunnelResult = { steps: total.results(events) };
    if (query.breakdown === undefined) return result;
    // Most persons first; equal ones by value, so that the cut at the limit does not depend on read order.
    const ranked = [...byValue].sort(([a, x], [b, y]) => y.entered - x.entered || (a < b ? -1 : a > b ? 1 : 0));
    result.breakdown = ranked.slice(0, query.breakdownLimit).map(([key, tally]) => ({ value: breakdownValue(key), steps: tally.results(events) }));
    const rest = ranked.slice(query.breakdownLimit);
    if (rest.length > 0) {
      const other = new FunnelTally(spec.steps);
      for (const [, tally] of rest) other.addAll(tally);
      result.breakdownOther = { values: rest.length, steps: other.results(events) };
    }
    return result;
  }
}

/** Scalars as they are; objects and arrays stay JSON text, the schema's shape for a value. */
function breakdownValue(json: string): FunnelBreakdownValue {
  const value: unknown = JSON.parse(json);
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : json;
}
