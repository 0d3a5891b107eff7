import { z } from 'zod';
import {
  AnchorShift,
  CreateLiveSessionBody,
  LiveOrderStats,
  LiveSessionListQuery,
  LiveSessionSummary,
  LiveSessionView,
  PinBody,
  PublicLiveSessionView,
  ReplaceLineupBody,
  SetOnAirBody,
  StreamHealth,
  UpdateLiveSessionBody,
} from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { OnAir } from './on-air.js';
import type { LiveSessionsService } from './service.js';

const tags = ['live'];
const Id = z.string().min(1).max(64);
const params = z.strictObject({ id: Id });
const Pinned = z.object({ pinnedProductIds: z.array(z.string()) });

export function liveRoutes(app: App, sessions: LiveSessionsService, onAir: OnAir) {
  const r = typed(app);
  r.post('/api/v1/live-sessions', { schema: { tags, body: CreateLiveSessionBody, response: { 201: LiveSessionView } } }, async (req, reply) =>
    reply.code(201).send(await sessions.create(requireStaff(req, 'live:manage'), req.body)),
  );
  r.get('/api/v1/live-sessions', { schema: { tags, querystring: LiveSessionListQuery, response: { 200: z.object({ items: z.array(LiveSessionSummary) }) } } }, async (req) => ({
    items: await sessions.list(requireStaff(req, 'live:read'), req.query),
  }));
  r.get('/api/v1/live-sessions/:id', { schema: { tags, params, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.get(requireStaff(req, 'live:read'), req.params.id),
  );
  r.patch('/api/v1/live-sessions/:id', { schema: { tags, params, body: UpdateLiveSessionBody, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.update(requireStaff(req, 'live:manage'), req.params.id, req.body),
  );
  r.put('/api/v1/live-sessions/:id/lineup', { schema: { tags, params, body: ReplaceLineupBody, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.replaceLineup(requireStaff(req, 'live:manage'), req.params.id, req.body.lineup),
  );
  r.post('/api/v1/live-sessions/:id/start', { schema: { tags, params, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.start(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.post('/api/v1/live-sessions/:id/end', { schema: { tags, params, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.end(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.post('/api/v1/live-sessions/:id/stream-key/rotate', { schema: { tags, params, response: { 200: LiveSessionView } } }, async (req) =>
    sessions.rotateStreamKey(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.get('/api/v1/live-sessions/:id/stream-health', { schema: { tags, params, response: { 200: StreamHealth } } }, async (req) =>
    sessions.streamHealth(requireStaff(req, 'live:read'), req.params.id),
  );
  r.get('/api/v1/live-sessions/:id/order-stats', { schema: { tags, params, response: { 200: LiveOrderStats } } }, async (req) =>
    sessions.orderStats(requireStaff(req, 'live:read'), req.params.id),
  );
  // Pinning is the anchor's and the operator's job during the show: `live:moderate` suffices.
  r.post('/api/v1/live-sessions/:id/pins', { schema: { tags, params, body: PinBody, response: { 200: Pinned } } }, async (req) => ({
    pinnedProductIds: await sessions.pin(requireStaff(req, 'live:moderate'), req.params.id, req.body.productId),
  }));
  r.delete('/api/v1/live-sessions/:id/pins/:productId', { schema: { tags, params: z.strictObject({ id: Id, productId: Id }), response: { 200: Pinned } } }, async (req) => ({
    pinnedProductIds: await sessions.unpin(requireStaff(req, 'live:moderate'), req.params.id, req.params.productId),
  }));
  r.delete('/api/v1/live-sessions/:id/pins', { schema: { tags, params, response: { 200: Pinned } } }, async (req) => ({
    pinnedProductIds: await sessions.unpin(requireStaff(req, 'live:moderate'), req.params.id),
  }));
  // Switching anchors (主播上播) happens on air, like pinning.
  r.put('/api/v1/live-sessions/:id/on-air', { schema: { tags, params, body: SetOnAirBody, response: { 200: z.object({ current: AnchorShift.nullable() }) } } }, async (req) => ({
    current: await onAir.set(requireStaff(req, 'live:moderate'), req.params.id, req.body.anchor),
  }));
  r.get('/api/v1/live-sessions/:id/anchor-shifts', { schema: { tags, params, response: { 200: z.array(AnchorShift) } } }, async (req) =>
    onAir.shifts(requireStaff(req, 'live:read'), req.params.id),
  );

  // The viewer page's read: anyone with the link.
  r.get('/api/v1/store/live-sessions/:id', { schema: { tags: ['store'], params, response: { 200: PublicLiveSessionView } } }, async (req) =>
    sessions.publicView(req.params.id),
  );
}
