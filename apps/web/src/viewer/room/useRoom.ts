import type { ServerFrame } from '@livedesk/contracts';
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { anonymousId, buyerToken, ensureBuyer, forgetBuyer } from '../identity';
import { browserScheduler } from '../lib/scheduler';
import { useLatest } from '../ui/hooks';
import { browserSocket, RoomConnection, UNAUTHORIZED_CLOSE_CODE, type ConnectionState, type OutgoingFrame } from './connection';
import { applyFrames, disconnected, initialRoomState, type RoomState } from './state';

type Action = { kind: 'frames'; frames: ServerFrame[] } | { kind: 'disconnected' };

const reduce = (state: RoomState, action: Action): RoomState =>
  action.kind === 'frames' ? applyFrames(state, action.frames) : disconnected(state);

export function roomUrl(sessionId: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live-sessions/${encodeURIComponent(sessionId)}/room`;
}

/** The referral code the viewer arrived with (`?ref=`), when it is one the server would take. */
export function referralCode(search: string): string | undefined {
  const ref = new URLSearchParams(search).get('ref')?.trim();
  return ref && ref.length <= 64 ? ref : undefined;
}

/**
 * The live room over its WebSocket: the state the frames build, the connection's health, and sending.
 * `onFrames` sees every batch too, for what is shown once rather than kept (danmaku, hearts, toasts).
 */
export function useRoom(sessionId: string, onFrames: (frames: ServerFrame[]) => void) {
  const [state, dispatch] = useReducer(reduce, initialRoomState);
  const [connection, setConnection] = useState<ConnectionState>({ kind: 'connecting' });
  const socket = useRef<RoomConnection | null>(null);
  const frameListener = useLatest(onFrames);

  useEffect(() => {
    const ref = referralCode(window.location.search);
    const room = new RoomConnection({
      url: roomUrl(sessionId),
      join: () => {
        const token = buyerToken();
        return { t: 'join', anonymousId: anonymousId(), ...(token ? { token } : {}), ...(ref ? { ref } : {}) };
      },
      onFrames: (frames) => {
        dispatch({ kind: 'frames', frames });
        frameListener.current(frames);
      },
      onState: (next) => {
        if (next.kind === 'retrying' && next.closeCode === UNAUTHORIZED_CLOSE_CODE) forgetBuyer();
        if (next.kind !== 'joined') dispatch({ kind: 'disconnected' });
        setConnection(next);
      },
      openSocket: browserSocket,
      scheduler: browserScheduler,
    });
    socket.current = room;
    room.start();
    return () => {
      room.stop();
      socket.current = null;
    };
  }, [sessionId, frameListener]);

  const send = useCallback((frame: OutgoingFrame) => socket.current?.send(frame), []);

  const buyerId = state.you?.buyerId ?? null;
  /** Sends a frame that needs a buyer (comments, gifts, follows, lottery entries), becoming one first. */
  const sendAsBuyer = useCallback(
    async (frame: OutgoingFrame) => {
      if (!buyerId) {
        await ensureBuyer();
        // Join again with the token; the frame waits in the queue for the new welcome.
        socket.current?.rejoin();
      }
      socket.current?.send(frame);
    },
    [buyerId],
  );

  return { state, connection, send, sendAsBuyer };
}
