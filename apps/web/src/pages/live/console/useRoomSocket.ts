import type { ClientFrame, ServerFrame, ServerFrameOf } from '@livedesk/contracts';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { staffTokens } from '../../../api/client';
import { backoffDelay } from '../../../lib/backoff';
import { socketTokenSource } from '../../../lib/staffSocket';
import { applyFrames, initialRoomState, type ConsoleRoomState } from './roomState';

export type RoomConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';
/** Why the server will not have this console in the room; trying again would not change it. */
export type RoomRefusal = 'not_found' | 'forbidden';

/** Close codes of the room gateway (apps/server/src/modules/room/gateway.ts). */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_NOT_FOUND = 4404;
const anonymousIdKey = 'livedesk.console.anonymousId';

function roomUrl(liveSessionId: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/v1/live-sessions/${encodeURIComponent(liveSessionId)}/room`;
}

/** The join frame needs a device id even from staff; one per browser keeps the console one presence. */
function consoleAnonymousId(): string {
  const stored = localStorage.getItem(anonymousIdKey);
  if (stored && stored.length >= 8) return stored;
  const id = `console-${crypto.randomUUID()}`;
  localStorage.setItem(anonymousIdKey, id);
  return id;
}

function parseFrames(data: unknown): ServerFrame[] {
  if (typeof data !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(data);
    // The server batches: one message is an array of frames. Frames are trusted as typed (our own server);
    // the reducer ignores types it does not know.
    return (Array.isArray(parsed) ? parsed : [parsed]).filter(
      (frame): frame is ServerFrame => typeof frame === 'object' && frame !== null && typeof (frame as { t?: unknown }).t === 'string',
    );
  } catch {
    return [];
  }
}

const reducer = (state: ConsoleRoomState, frames: ServerFrame[]): ConsoleRoomState => applyFrames(state, frames);

export interface RoomSocket {
  state: ConsoleRoomState;
  connection: RoomConnection;
  refusal: RoomRefusal | null;
  /** false when the socket is not open (the frame is not queued: a control action is not replayed later) */
  send: (frame: ClientFrame) => boolean;
  /** folds a frame the console already knows (an HTTP answer) in, before the room echoes it */
  apply: (frame: ServerFrame) => void;
}

/**
 * The console's seat in the live room: joins with the staff token, folds the room's frames into state,
 * and reconnects with exponential backoff and jitter. Error frames go to `onError`.
 */
export function useRoomSocket(liveSessionId: string, onError: (frame: ServerFrameOf<'error'>) => void): RoomSocket {
  const [state, dispatch] = useReducer(reducer, initialRoomState);
  const [connection, setConnection] = useState<RoomConnection>('connecting');
  const [refusal, setRefusal] = useState<RoomRefusal | null>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryTimer: number | undefined;
    let failures = 0;
    let stopped = false;
    const tokens = socketTokenSource(staffTokens);
    const anonymousId = consoleAnonymousId();

    const scheduleReconnect = () => {
      if (stopped) return;
      setConnection('reconnecting');
      retryTimer = window.setTimeout(() => void connect(), backoffDelay(failures++, Math.random()));
    };

    const connect = async () => {
      const token = await tokens.next();
      if (stopped) return;
      if (token === null) {
        scheduleReconnect();
        return;
      }
      const ws = new WebSocket(roomUrl(liveSessionId));
      socket = ws;
      ws.onopen = () => {
        ws.send(JSON.stringify({ t: 'join', anonymousId, token } satisfies ClientFrame));
      };
      ws.onmessage = (event: MessageEvent) => {
        if (stopped) return;
        const frames = parseFrames(event.data);
        if (frames.length === 0) return;
        if (frames.some((frame) => frame.t === 'welcome')) {
          failures = 0;
          socketRef.current = ws;
          setConnection('open');
        }
        for (const frame of frames) if (frame.t === 'error') onErrorRef.current(frame);
        dispatch(frames);
      };
      ws.onclose = (event: CloseEvent) => {
        socket = null;
        if (stopped) return;
        if (socketRef.current === ws) socketRef.current = null;
        if (event.code === CLOSE_NOT_FOUND || event.code === CLOSE_FORBIDDEN) {
          setRefusal(event.code === CLOSE_NOT_FOUND ? 'not_found' : 'forbidden');
          setConnection('closed');
          return;
        }
        if (event.code === CLOSE_UNAUTHORIZED) tokens.rejected();
        scheduleReconnect();
      };
    };

    setConnection('connecting');
    setRefusal(null);
    void connect();
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      socket?.close(1000);
      socketRef.current = null;
    };
  }, [liveSessionId]);

  const send = useCallback((frame: ClientFrame) => {
    const ws = socketRef.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }, []);
  const apply = useCallback((frame: ServerFrame) => dispatch([frame]), []);

  return { state, connection, refusal, send, apply };
}
