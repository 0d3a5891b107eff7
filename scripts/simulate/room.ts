import type { ClientFrame, ServerFrame } from '@livedesk/contracts';
import WebSocket from 'ws';

/** The room socket of a show on the server at `baseUrl` (http → ws). */
export const roomUrl = (baseUrl: string, liveSessionId: string) =>
  `${baseUrl.replace(/^http/, 'ws')}/api/v1/live-sessions/${encodeURIComponent(liveSessionId)}/room`;

const JOIN_TIMEOUT_MS = 15_000;

/**
 * One visit's socket, as the viewer page holds it: joined with the device id (and the buyer token once
 * there is a buyer), so the server sees the visit's enter and leave itself.
 */
export class RoomSocket {
  private constructor(
    private readonly socket: WebSocket,
    readonly welcome: Extract<ServerFrame, { t: 'welcome' }>,
  ) {}

  /** Resolves once the server welcomed the viewer; `onFrames` then sees every batch the room sends. */
  static join(url: string, join: Extract<ClientFrame, { t: 'join' }>, onFrames: (frames: ServerFrame[]) => void): Promise<RoomSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      let room: RoomSocket | null = null;
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('no welcome from the room'));
      }, JOIN_TIMEOUT_MS);
      socket.on('open', () => socket.send(JSON.stringify(join)));
      socket.on('message', (data: Buffer) => {
        const frames = JSON.parse(data.toString()) as ServerFrame[];
        if (!room) {
          const welcome = frames.find((f): f is Extract<ServerFrame, { t: 'welcome' }> => f.t === 'welcome');
          if (!welcome) return onFrames(frames);
          clearTimeout(timer);
          room = new RoomSocket(socket, welcome);
          resolve(room);
        }
        onFrames(frames);
      });
      socket.on('close', (code: number, reason: Buffer) => {
        clearTimeout(timer);
        if (!room) reject(new Error(`the room closed the socket: ${code} ${reason.toString()}`));
      });
      socket.on('error', () => undefined);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: Exclude<ClientFrame, { t: 'join' }>): void {
    if (this.open) this.socket.send(JSON.stringify(frame));
  }

  /** Leaves as the page does (a `leave` frame, then the server closes); resolves once the socket is closed. */
  leave(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), 5_000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.open) this.send({ t: 'leave' });
      else this.socket.close(1000);
    });
  }
}
