import { FunnelQuery, FunnelResult } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { FunnelsService } from './service.js';

export function funnelRoutes(app: App, funnels: FunnelsService) {
  typed(app).post(
    '/api/v1/analytics/funnel',
    {
      schema: {
        tags: ['analytics'],
        description:
          'Persons (userId, else anonymousId) through 2–10 steps, PostHog\'s semantics: each person counted once, at the furthest ' +
          'step of any attempt; the window runs from the attempt\'s step-1 event, inclusive; `from`/`to` bound the events of every step. ' +
          'Medians are over the persons who reached the step, each from the first attempt that got as far as they ever did.',
        body: FunnelQuery,
        response: { 200: FunnelResult },
      },
    },
    async (req) => funnels.funnel(requireStaff(req, 'analytics:read'), req.body),
  );
}
