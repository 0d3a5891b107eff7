import type { WebSocket } from 'ws';
import type { App } from '../../http/server.js';
import { can } from '../../lib/actor.js';
import type { Fanout } from '../../infra/fanout/port.js';
import { alertsChannel } from '../alerts/notifier.js';
import type { MetricsPush } from '../analytics/push.js';
import { auditChannel } from '../audit/service.js';

/** Closes sockets that stopped answering pings (a phone that lost its network never sends a close). */
const HEARTBEAT_MS = 30_000;

/**
 * The console's push channel: a signed-in member's socket receives its org's live feeds (the audit log,
 * alerts) from the Fanout, so a change made on any API node reaches every open console, and the numbers
 * of the shows it subscribes to (`metrics.subscribe`).
 */
export function consoleSocketRoutes(app: App, fanout: Fanout, metrics: MetricsPush) {
  app.get('/api/v1/ws', { websocket: true, schema: { hide: true } }, async (socket: WebSocket, req) => {
    const actor = req.actor;
    if (!actor || actor.kind !== 'user') {
      socket.close(4401, 'unauthorized');
      return;
    }
    const unsubscribers: (() => Promise<void>)[] = [];
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    socket.on('pong', () => (alive = true));
    const feeds = metrics.connect(actor, (frame) => {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    });
    socket.on('close', () => {
      clearInterval(heartbeat);
      feeds.close();
      for (const unsubscribe of unsubscribers) void unsubscribe();
    });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) feeds.receive(String(data));
    });
    if (can(actor, 'audit:read')) {
      unsubscribers.push(
        await fanout.subscribe(auditChannel(actor.orgId), (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(frame);
        }),
      );
    }
    if (can(actor, 'analytics:read')) {
      unsubscribers.push(
        await fanout.subscribe(alertsChannel(actor.orgId), (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(frame);
        }),
      );
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'ready' }));
    else for (const unsubscribe of unsubscribers) await unsubscribe();
  });
}
