import type { WebSocket } from 'ws';
import type { App } from '../../http/server.js';
import type { RoomGateway } from './gateway.js';

/**
 * The live room's socket. Nothing is checked on the upgrade itself (an HTTP error there would leave the
 * raw socket open): the gateway answers a bad join with a close code (4401, 4403, 4404).
 */
export function roomRoutes(app: App, gateway: RoomGateway) {
  app.get<{ Params: { id: string } }>('/api/v1/live-sessions/:id/room', { websocket: true, schema: { hide: true } }, (socket: WebSocket, req) => {
    gateway.accept(socket, { liveSessionId: req.params.id, ip: req.ip, requestId: req.id, actor: req.actor });
  });
}
