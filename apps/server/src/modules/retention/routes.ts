import { PurchaseRetention, PurchaseRetentionQuery, ShowRetention, ShowRetentionQuery } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { RetentionService } from './service.js';

const tags = ['analytics'];

export function retentionRoutes(app: App, retention: RetentionService) {
  const r = typed(app);

  r.get(
    '/api/v1/analytics/retention/shows',
    {
      schema: {
        tags,
        description:
          '看播留存. Persons (userId, else anonymousId) in the cohort of the first started show of the org they entered (`room.enter`); ' +
          'period k counts those of them who entered the k-th show started after it, whatever they skipped in between. ' +
          'One cohort per show started in `[from, to)`; periods whose show has not started yet are left out.',
        querystring: ShowRetentionQuery,
        response: { 200: ShowRetention },
      },
    },
    async (req) => retention.shows(requireStaff(req, 'analytics:read'), req.query),
  );

  r.get(
    '/api/v1/analytics/retention/purchases',
    {
      schema: {
        tags,
        description:
          '复购留存. Buyers by the day, week (from Monday) or month, in the org\'s time zone, of their first paid order (`order.pay`, ' +
          'each order id once); per N, those who paid another order at most N × 24 h after the first. Cohorts with a first payment ' +
          'in `[from, to)` and at least one buyer, oldest first.',
        querystring: PurchaseRetentionQuery,
        response: { 200: PurchaseRetention },
      },
    },
    async (req) => retention.purchases(requireStaff(req, 'analytics:read'), req.query),
  );
}
