import type { LiveMetricsSnapshot, MetricMarker, MinuteBucket } from '@livedesk/contracts';

/** The per-minute series of a show, for alert rules and charts. */
export interface SessionSeries {
  liveSessionId: string;
  orgId: string;
  startedAt: number | null;
  endedAt: number | null;
  /** every minute of the live window so far, oldest first; empty minutes included as zeros */
  minutes: MinuteBucket[];
  /** the minute (epoch ms) still filling, never to be scored; null once the show has ended */
  fillingMinute: number | null;
}

/** What the real-time aggregator offers the rest of the server (routes, push, alerts). */
export interface MetricsReader {
  /** The whole snapshot; `not_found` when the session is not the org's. */
  snapshot(orgId: string, liveSessionId: string): Promise<LiveMetricsSnapshot>;
  series(orgId: string, liveSessionId: string): Promise<SessionSeries>;
  /**
   * Called after each applied batch with the sessions whose numbers changed. Cheap and synchronous:
   * the listener only marks sessions dirty. Returns an unsubscribe function.
   */
  onChange(listener: (liveSessionIds: readonly string[]) => void): () => void;
}

/** Things that happened in a show (讲解 periods, flash sales, lotteries, alerts), drawn on its curves. */
export interface MarkerSource {
  markers(liveSessionId: string): Promise<MetricMarker[]>;
}
