import { z } from 'zod';
import { typed, type App } from '../../http/server.js';

export function systemRoutes(app: App, isReady: () => boolean) {
  typed(app).get(
    '/healthz',
    { schema: { tags: ['system'], security: [], response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('starting') }) } } },
    async (_req, reply) => (isReady() ? { status: 'ok' as const } : reply.code(503).send({ status: 'starting' as const })),
  );
}
