import { useEffect, useRef, useState } from 'react';
import { staffTokens } from '../api/client';
import { backoffDelay } from './backoff';
import { socketTokenSource } from './staffSocket';

export type ConsoleSocketStatus = 'connecting' | 'open' | 'reconnecting';

export interface ConsoleSocketHandlers {
  /** each frame the server pushes, parsed from JSON; frames that are not JSON are dropped */
  onFrame: (frame: unknown) => void;
  /** after every (re)connection, e.g. to subscribe again */
  onOpen?: (send: (frame: string) => void) => void;
}

/** The close code the server uses when the token's holder may not have a console socket. */
const unauthorizedCloseCode = 4401;

function consoleSocketUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/v1/ws?token=${encodeURIComponent(token)}`;
}

const parse = (data: unknown): unknown => {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The console socket `/api/v1/ws`, reconnecting with exponential backoff and jitter (so a restarted
 * server is not hit by every console at once). A change of `key` (the org, say) reconnects; handlers
 * may change on every render without reconnecting.
 */
export function useConsoleSocket(key: string, handlers: ConsoleSocketHandlers, enabled = true): ConsoleSocketStatus {
  const [status, setStatus] = useState<ConsoleSocketStatus>('connecting');
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let retryTimer: number | undefined;
    let failures = 0;
    let stopped = false;
    // The token travels in the URL and is checked only at the handshake, so it must be fresh now.
    const tokens = socketTokenSource(staffTokens);

    const scheduleReconnect = () => {
      if (stopped) return;
      setStatus('reconnecting');
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
        setStatus('open');
        handlersRef.current.onOpen?.((frame) => opening.send(frame));
      };
      opening.onmessage = (event: MessageEvent) => {
        const frame = parse(event.data);
        if (frame !== undefined) handlersRef.current.onFrame(frame);
      };
      opening.onclose = (event: CloseEvent) => {
        socket = null;
        // A refused token fails the HTTP upgrade, which a browser reports only as a socket that never
        // opened; the next attempt then refreshes instead of presenting the same token again.
        if (!opened || event.code === unauthorizedCloseCode) tokens.rejected();
        scheduleReconnect();
      };
    };

    setStatus('connecting');
    void connect();
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      socket?.close();
    };
  }, [key, enabled]);

  return status;
}
