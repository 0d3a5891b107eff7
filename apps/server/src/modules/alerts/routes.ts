import { z } from 'zod';
import {
  AlertChannelView,
  AlertDelivery,
  AlertPage,
  AlertQuery,
  AlertRuleBody,
  AlertRuleView,
  AlertView,
  CreateAlertChannelBody,
  UpdateAlertChannelBody,
} from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { AlertsService } from './service.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['alerts'];
const READ = 'analytics:read';
const MANAGE = 'alerts:manage';

/**
 * Reading rules, channels and alerts needs `analytics:read` (the anchor and the analysts watch them);
 * every change, acknowledging included, needs `alerts:manage`.
 */
export function alertRoutes(app: App, alerts: AlertsService) {
  const r = typed(app);

  r.get('/api/v1/alerts/rules', { schema: { tags, response: { 200: z.object({ items: z.array(AlertRuleView) }) } } }, async (req) =>
    alerts.rules(requireStaff(req, READ)),
  );
  r.post(
    '/api/v1/alerts/rules',
    { schema: { tags, description: 'Creates a rule; `liveSessionId: null` watches every show of the org.', body: AlertRuleBody, response: { 201: AlertRuleView } } },
    async (req, reply) => reply.code(201).send(await alerts.createRule(requireStaff(req, MANAGE), req.body)),
  );
  r.put('/api/v1/alerts/rules/:id', { schema: { tags, description: 'Replaces the whole rule.', params: IdParams, body: AlertRuleBody, response: { 200: AlertRuleView } } }, async (req) =>
    alerts.replaceRule(requireStaff(req, MANAGE), req.params.id, req.body),
  );
  r.delete('/api/v1/alerts/rules/:id', { schema: { tags, description: 'Deletes the rule; its alerts stay in the history.', params: IdParams } }, async (req, reply) => {
    await alerts.deleteRule(requireStaff(req, MANAGE), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/alerts/channels', { schema: { tags, response: { 200: z.object({ items: z.array(AlertChannelView) }) } } }, async (req) =>
    alerts.channels(requireStaff(req, READ)),
  );
  r.post(
    '/api/v1/alerts/channels',
    {
      schema: {
        tags,
        description: 'A webhook needs a secret (deliveries carry `X-LiveDesk-Signature: sha256=<hex HMAC-SHA256 of the body>`); 钉钉 and 飞书 take their robot\'s signing secret if it has one; 企业微信 takes none. URL and secret are never returned.',
        body: CreateAlertChannelBody,
        response: { 201: AlertChannelView },
      },
    },
    async (req, reply) => reply.code(201).send(await alerts.createChannel(requireStaff(req, MANAGE), req.body)),
  );
  r.patch('/api/v1/alerts/channels/:id', { schema: { tags, params: IdParams, body: UpdateAlertChannelBody, response: { 200: AlertChannelView } } }, async (req) =>
    alerts.updateChannel(requireStaff(req, MANAGE), req.params.id, req.body),
  );
  r.delete(
    '/api/v1/alerts/channels/:id',
    { schema: { tags, description: 'Refused (409, `channel_in_use`) while a rule sends to the channel.', params: IdParams } },
    async (req, reply) => {
      await alerts.deleteChannel(requireStaff(req, MANAGE), req.params.id);
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/v1/alerts/channels/:id/test',
    { schema: { tags, description: 'Sends a test message now and answers how the channel took it.', params: IdParams, response: { 200: AlertDelivery } } },
    async (req) => alerts.testChannel(requireStaff(req, MANAGE), req.params.id),
  );

  r.get('/api/v1/alerts', { schema: { tags, description: 'Newest first.', querystring: AlertQuery, response: { 200: AlertPage } } }, async (req) =>
    alerts.alerts(requireStaff(req, READ), req.query),
  );
  r.post(
    '/api/v1/alerts/:id/acknowledge',
    { schema: { tags, description: 'Refused (409, `already_acknowledged`) the second time.', params: IdParams, response: { 200: AlertView } } },
    async (req) => alerts.acknowledge(requireStaff(req, MANAGE), req.params.id),
  );
}
