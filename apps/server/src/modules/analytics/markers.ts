import type { MetricMarker } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import type { Clock } from '../../lib/time.js';
import { flashSalesRepo } from '../flash-sales/repo.js';
import { liveRepo } from '../live/repo.js';
import { lotteryRepo } from '../lottery/repo.js';
import type { MarkerSource } from './ports.js';

/**
 * Markers change a few times a show while a snapshot is read every second by every watched show, so a
 * show's markers are read once per `ttlMs`: a new 讲解 period shows on the curves a few seconds late.
 */
const MARKERS_TTL_MS = 5_000;

/** Any marker source, read once per `ttlMs` per show: a snapshot is computed many times a second. */
export class CachedMarkers implements MarkerSource {
  private readonly cache = new Map<string, { at: number; markers: Promise<MetricMarker[]> }>();

  constructor(
    private readonly source: MarkerSource,
    private readonly clock: Clock,
    private readonly ttlMs = MARKERS_TTL_MS,
  ) {}

  markers(liveSessionId: string): Promise<MetricMarker[]> {
    const now = this.clock.now();
    const cached = this.cache.get(liveSessionId);
    if (cached && now - cached.at < this.ttlMs) return cached.markers;
    this.forgetExpired(now);
    const markers = this.source.markers(liveSessionId);
    this.cache.set(liveSessionId, { at: now, markers });
    // A failed read is not kept: the next caller tries again instead of getting the failure for 5 s.
    markers.catch(() => {
      if (this.cache.get(liveSessionId)?.markers === markers) this.cache.delete(liveSessionId);
    });
    return markers;
  }

  private forgetExpired(now: number): void {
    for (const [id, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(id);
  }
}

/** 讲解 periods, flash sales and lotteries of a show, from the tables of the features that run them. */
export const showMarkers = (db: Db): MarkerSource => ({ markers: (liveSessionId) => readShowMarkers(db, liveSessionId) });

async function readShowMarkers(source: Db, liveSessionId: string): Promise<MetricMarker[]> {
  const db = source.kysely;
  const [explanations, sales, lotteries] = await Promise.all([
    liveRepo.explanationMarkers(db, liveSessionId),
    flashSalesRepo.startedOfSession(db, liveSessionId),
    lotteryRepo.openedOfSession(db, liveSessionId),
  ]);
  const markers: MetricMarker[] = [
    ...explanations.map((e) => ({ kind: 'explain' as const, startAt: e.start_at, endAt: e.end_at, label: e.title, productId: e.product_id })),
    ...sales.flatMap((s) =>
      s.started_at === null ? [] : [{ kind: 'flash_sale' as const, startAt: s.started_at, endAt: s.ended_at, label: s.title, productId: s.product_id }],
    ),
    ...lotteries.flatMap((l) =>
      l.opened_at === null ? [] : [{ kind: 'lottery' as const, startAt: l.opened_at, endAt: l.drawn_at ?? l.cancelled_at, label: l.prize_title, productId: null }],
    ),
  ];
  return markers.sort((a, b) => a.startAt - b.startAt);
}
