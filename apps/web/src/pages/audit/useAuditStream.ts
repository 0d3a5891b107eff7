import { AuditEntryView } from '@livedesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { staffTokens } from '../../api/client';
import { backoffDelay } from '../../lib/backoff';
import { socketTokenSource } from '../../lib/staffSocket';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

/** The close code the server uses when the token's holder may not have a console socket. */
const unauthorizedCloseCode = 4401;

function streamUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/v1/ws?token=${encodeURIComponent(token)}`;
}

/** Only `audit.appended` frames matter here; anything else on the socket is ignored. */
function parseAuditFrame(data: unknown): AuditEntryView | null {
  if (typeof data !== 'string') return null;
  try {
    const frame: unknown = JSON.parse(data);
    if (typeof frame !== 'object' || frame === null || !('type' in frame) || frame.type !== 'audit.appended') {
      return null;
    }
    const parsed = AuditEntryView.safeParse('entry' in frame ? frame.entry : undefined);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Follows the org's audit stream, reconnecting with exponential backoff (and jitter, so a restarted
 * server is not hit by every console at once). The socket is per org: switching org reconnects.
 */
export function useAuditStream(orgId: string, onEntry: (entry: AuditEntryView) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const onEntryRef = useRef(onEntry);
  useEffect(() => {
    onEntryRef.current = onEntry;
  });

  useEffect(() => {
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
      socket = new WebSocket(streamUrl(token));
      let opened = false;
      socket.onopen = () => {
        opened = true;
        failures = 0;
        setStatus('open');
      };
      socket.onmessage = (event: MessageEvent) => {
        const entry = parseAuditFrame(event.data);
        if (entry) onEntryRef.current(entry);
      };
      socket.onclose = (event: CloseEvent) => {
        socket = null;
        // A token the server refuses fails the HTTP upgrade, which a browser only reports as a socket
        // that never opened; the next attempt then refreshes instead of presenting the same token.
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
  }, [orgId]);

  return status;
}
