import { z } from 'zod';
import { RiskBuyerView, RiskDecisionPage, RiskDecisionQuery, RiskRules } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { RiskService } from './service.js';

const BuyerParams = z.strictObject({ buyerId: z.string().min(1).max(64) });

/**
 * Reading rules and decisions needs `orders:read`; changing the rules needs `orders:write`, held by the
 * owner, admins and customer service, who review flagged orders every day (`org:manage` would leave the
 * admins out).
 */
export function riskRoutes(app: App, risk: RiskService) {
  const r = typed(app);
  r.get('/api/v1/risk/rules', { schema: { tags: ['risk'], response: { 200: RiskRules } } }, async (req) =>
    risk.rules(requireStaff(req, 'orders:read')),
  );
  r.put(
    '/api/v1/risk/rules',
    { schema: { tags: ['risk'], description: 'Replaces the shop\'s risk rules; the change is audited.', body: RiskRules, response: { 200: RiskRules } } },
    async (req) => risk.updateRules(requireStaff(req, 'orders:write'), req.body),
  );
  r.get('/api/v1/risk/decisions', { schema: { tags: ['risk'], querystring: RiskDecisionQuery, response: { 200: RiskDecisionPage } } }, async (req) =>
    risk.decisions(requireStaff(req, 'orders:read'), req.query),
  );
  r.get('/api/v1/risk/buyers/:buyerId', { schema: { tags: ['risk'], params: BuyerParams, response: { 200: RiskBuyerView } } }, async (req) =>
    risk.buyer(requireStaff(req, 'orders:read'), req.params.buyerId),
  );
}
