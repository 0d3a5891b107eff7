import { AuditEntryView } from '@livedesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { freshAccessToken, refreshSession } from '../../api/client';
import { session } from '../../auth/session';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

const maxBackoffMs = 30_000;
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
    let tokenRejected = false;
    let presentedToken: string | null = null;

    const scheduleReconnect = () => {
      if (stopped) return;
      setStatus('reconnecting');
      const backoff = Math.min(maxBackoffMs, 1000 * 2 ** failures);
      failures += 1;
      retryTimer = window.setTimeout(() => void connect(), backoff / 2 + Math.random() * (backoff / 2));
    };

    // The token travels in the URL and is checked only at the handshake, so it must be fresh now;
    // after the server turned one down, only a refreshed token is worth another try.
    const handshakeToken = async (): Promise<string | null> => {
      if (!tokenRejected) return freshAccessToken();
      tokenRejected = false;
      // A request elsewhere in the console may have refreshed meanwhile; its token is new enough.
      const current = session.get();
      if (current && current.token !== presentedToken) return current.token;
      const outcome = await refreshSession();
      if (outcome === 'rejected') {
        session.clear();
        return null;
      }
      return outcome.token;
    };

    const connect = async () => {
      const token = await handshakeToken().catch(() => null);
      if (stopped) return;
      if (token === null) {
        scheduleReconnect();
        return;
      }
      presentedToken = token;
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
        tokenRejected = !opened || event.code === unauthorizedCloseCode;
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
