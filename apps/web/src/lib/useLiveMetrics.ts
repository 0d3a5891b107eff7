import type { LiveMetricsSnapshot, MetricsClientFrame } from '@livedesk/contracts';
import { useEffect, useState } from 'react';
import { applyMetrics, parseMetricsFrame, type MetricsEvent } from './liveMetrics';
import { useConsoleSocket, type ConsoleSocketStatus } from './useConsoleSocket';

export type MetricsConnection = ConsoleSocketStatus;

export interface LiveMetrics {
  /** null until the first snapshot arrives */
  snapshot: LiveMetricsSnapshot | null;
  connection: MetricsConnection;
  /** the server refused the subscription: no numbers will come on this socket */
  refusal: Extract<MetricsEvent, { kind: 'error' }>['code'] | null;
}

type Numbers = Omit<LiveMetrics, 'connection'>;

/**
 * A show's live numbers, pushed over the console socket: the snapshot on subscribing, then a tick at
 * least every second, merged into the series here. Nothing is polled; a dropped socket comes back with
 * backoff and subscribes again, and the fresh snapshot replaces whatever was missed.
 */
export function useLiveMetrics(liveSessionId: string): LiveMetrics {
  const [numbers, setNumbers] = useState<Numbers>({ snapshot: null, refusal: null });
  useEffect(() => setNumbers({ snapshot: null, refusal: null }), [liveSessionId]);
  const connection = useConsoleSocket(`metrics:${liveSessionId}`, {
    onOpen: (send) => send(JSON.stringify({ type: 'metrics.subscribe', liveSessionId } satisfies MetricsClientFrame)),
    onFrame: (frame) => {
      const event = parseMetricsFrame(frame, liveSessionId);
      if (!event) return;
      if (event.kind === 'error') setNumbers((current) => ({ ...current, refusal: event.code }));
      else setNumbers((current) => ({ refusal: null, snapshot: applyMetrics(current.snapshot, event) }));
    },
  });
  return { ...numbers, connection };
}
