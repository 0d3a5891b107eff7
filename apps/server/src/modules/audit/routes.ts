import { AuditPage, AuditQuery } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { AuditService } from './service.js';

export function auditRoutes(app: App, audit: AuditService) {
  typed(app).get(
    '/api/v1/audit-log',
    { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } } },
    async (req) => audit.page(requireStaff(req, 'audit:read'), req.query),
  );
}
