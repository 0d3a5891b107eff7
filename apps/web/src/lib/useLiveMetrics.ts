import type { LiveMetricsSnapshot, MetricsClientFrame } from '@livedesk/contracts';
import { useEffect, useState } from 'react';
import { staffTokens } from '../api/client';
import { backoffDelay } from './backoff';
import { applyMetrics, parseMetricsFrame, type MetricsEvent } from './liveMetrics';
import { socketTokenSource } from './staffSocket';

export type MetricsConnection = 'connecting' | 'open' | 'reconnecting';

export interface LiveMetrics {
  /** null until the first snapshot arrives */
  snapshot: LiveMetricsSnapshot | null;
  connection: MetricsConnection;
  /** the server refused the subscription: no numbers will come on this socket */
  refusal: Extract<MetricsEvent, { kind: 'error' }>['code'] | null;
}

/** The close code the server uses when the token's holder may not have a console socket. */
const unauthorizedCloseCode = 4401;

function consoleSocketUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/v1/ws?token=${encodeURIComponent(token)}`;
}

/**
 * A show's live numbers, pushed over the console socket: the snapshot on subscribing, then a tick at
 * least every second, merged into the series here. Nothing is polled; a dropped socket comes back with
 * backoff and resubscribes, and the fresh snapshot replaces whatever was missed.
 */
export function useLiveMetrics(liveSessionId: string): LiveMetrics {
  const [state, setState] = useState<LiveMetrics>({ snapshot: null, connection: 'connecting', refusal: null });

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryTimer: number | undefined;
    let failures = 0;
    let stopped = false;
    // The token travels in the URL and is checked only at the handshake, so it must be fresh now.
    const tokens = socketTokenSource(staffTokens);
    setState({ snapshot: null, connection: 'connecting', refusal: null });

    const scheduleReconnect = () => {
      if (stopped) return;
      setState((current) => ({ ...current, connection: 'reconnecting' }));
      retryTimer = window.setTimeout(() => void connect(), backoffDelay(failures++, Math.random()));
    };

    const connect = async () => {
      const token = await tokens.next();
      if (stopped) return;
      if (token === null) {
        scheduleReconnect();
        return;
      }
      const opening = new WebSocket(consoleSocketUrl(token));
      socket = opening;
      let opened = false;
      opening.onopen = () => {
        opened = true;
        failures = 0;
        setState((current) => ({ ...current, connection: 'open' }));
        opening.send(JSON.stringify({ type: 'metrics.subscribe', liveSessionId } satisfies MetricsClientFrame));
      };
      opening.onmessage = (message: MessageEvent) => {
        const event = parseMetricsFrame(message.data, liveSessionId);
        if (!event) return;
        if (event.kind === 'error') setState((current) => ({ ...current, refusal: event.code }));
        else setState((current) => ({ ...current, refusal: null, snapshot: applyMetrics(current.snapshot, event) }));
      };
      opening.onclose = (event: CloseEvent) => {
        socket = null;
        // A refused token fails the HTTP upgrade, which a browser reports only as a socket that never
        // opened; the next attempt then refreshes instead of presenting the same token again.
        if (!opened || event.code === unauthorizedCloseCode) tokens.rejected();
        scheduleReconnect();
      };
    };

    void connect();
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      socket?.close();
    };
  }, [liveSessionId]);

  return state;
}
