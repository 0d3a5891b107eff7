import type { LiveMetricsSnapshot, LiveSessionStatus, MetricMarker } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import { ShowNumbers, spanOf, type ShowWindow } from './compute.js';
import type { MarkerSource, SessionSeries } from './ports.js';
import { productTitles, sessionWindows } from './repo.js';
import { SessionState } from './state.js';

/** Where a show's aggregated state comes from: the aggregator's memory, or its last checkpoint. */
export interface StateReader {
  stateOf(liveSessionId: string): Promise<SessionState | null>;
}

/** A show's numbers and what they were computed from, as of `asOf`. */
export interface ShowReading {
  show: ShowWindow;
  state: SessionState;
  numbers: ShowNumbers;
  asOf: number;
  /** 讲解 periods, flash sales, lotteries and alerts, by start */
  markers: MetricMarker[];
}

/** Reads a show's numbers: its window from live_sessions, its state from the aggregator, then `compute.ts`. */
export class LiveMetrics {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly states: StateReader,
    private readonly markers: readonly MarkerSource[],
  ) {}

  async snapshot(orgId: string, liveSessionId: string): Promise<LiveMetricsSnapshot> {
    const { show, numbers, asOf } = await this.numbers(orgId, liveSessionId);
    const products = numbers.products();
    const [titles, markers] = await Promise.all([
      productTitles(this.db.kysely, orgId, products.map((p) => p.productId)),
      this.markersOf(liveSessionId),
    ]);
    return {
      liveSessionId,
      ...show,
      asOf,
      online: numbers.online(),
      metrics: numbers.metrics(spanOf(show, asOf)),
      window10m: numbers.windows10m(),
      perMinute: numbers.minuteBuckets(),
      products: products.map((p) => ({ ...p, title: titles.get(p.productId) ?? null })),
      comments: numbers.comments(),
      markers,
    };
  }

  /**
   * What a snapshot is computed from, for readers that need more than the snapshot (the post-live review
   * reads every product, the presence marks and the paid orders' lines): the same numbers, state and markers.
   */
  async reading(orgId: string, liveSessionId: string): Promise<ShowReading> {
    const [prepared, markers] = await Promise.all([this.numbers(orgId, liveSessionId), this.markersOf(liveSessionId)]);
    return { ...prepared, markers };
  }

  async series(orgId: string, liveSessionId: string): Promise<SessionSeries> {
    const { show, numbers } = await this.numbers(orgId, liveSessionId);
    const minutes = numbers.minuteBuckets();
    return {
      liveSessionId,
      orgId,
      startedAt: show.startedAt,
      endedAt: show.endedAt,
      minutes,
      fillingMinute: show.status === 'live' ? (minutes.at(-1)?.minute ?? null) : null,
    };
  }

  private async markersOf(liveSessionId: string): Promise<MetricMarker[]> {
    const markers = await Promise.all(this.markers.map((source) => source.markers(liveSessionId)));
    return markers.flat().sort((a, b) => a.startAt - b.startAt);
  }

  private async numbers(orgId: string, liveSessionId: string): Promise<Omit<ShowReading, 'markers'>> {
    const [row] = await sessionWindows(this.db.kysely, [liveSessionId]);
    if (!row || row.orgId !== orgId) throw notFound('Live session', liveSessionId);
    const show: ShowWindow = { status: row.status as LiveSessionStatus, startedAt: row.startedAt, endedAt: row.endedAt };
    // A show not started yet has no numbers, whatever events wait for its start.
    const state = show.status === 'scheduled' ? null : await this.states.stateOf(liveSessionId);
    // Taken after the state is read, so no event in it is later than the time the numbers are as of.
    const asOf = this.clock.now();
    const known = state ?? new SessionState(liveSessionId, orgId);
    return { show, state: known, numbers: new ShowNumbers(known, show, asOf), asOf };
  }
}
