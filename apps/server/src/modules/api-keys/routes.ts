import { z } from 'zod';
import { ApiKeyView, CreateApiKeyBody, CreatedApiKey } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { ApiKeysService } from './service.js';

const tags = ['api-keys'];

export function apiKeyRoutes(app: App, apiKeys: ApiKeysService) {
  const r = typed(app);
  r.get('/api/v1/api-keys', { schema: { tags, response: { 200: z.object({ items: z.array(ApiKeyView) }) } } }, async (req) => ({
    items: await apiKeys.list(requireStaff(req, 'apikeys:manage')),
  }));
  r.post('/api/v1/api-keys', { schema: { tags, body: CreateApiKeyBody, response: { 201: CreatedApiKey } } }, async (req, reply) => {
    const created = await apiKeys.create(requireStaff(req, 'apikeys:manage'), req.body);
    return reply.code(201).send(created);
  });
  r.delete(
    '/api/v1/api-keys/:id',
    { schema: { tags, params: z.strictObject({ id: z.string().min(1).max(64) }) } },
    async (req, reply) => {
      await apiKeys.revoke(requireStaff(req, 'apikeys:manage'), req.params.id);
      return reply.code(204).send();
    },
  );
}
