import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { typed, type App } from '../../http/server.js';
import type { ExternalMediaServer } from '../../infra/media/external.js';

const tags = ['media'];
const HOOK_BODY_LIMIT_BYTES = 16 * 1024;

/** The hook URL configured in the media server carries `?secret=` (LIVEDESK_MEDIA_HOOK_SECRET). */
const HookQuery = z.object({ secret: z.string().max(500).optional() });

/**
 * SRS's HTTP callback (`vhost { http_hooks { on_publish …; on_unpublish …; } }`), SRS 5 or newer. Other
 * fields it sends (server_id, service_id, tcUrl, stream_url, stream_id, …) are not needed.
 */
const SrsHook = z.object({
  action: z.string().max(40),
  // a string since SRS 5, a number before
  client_id: z.union([z.string().max(100), z.number()]).transform(String),
  ip: z.string().max(100).optional(),
  app: z.string().max(200).optional(),
  stream: z.string().max(200).optional(),
  /** the stream key's query string, `?sign=…` */
  param: z.string().max(2000).optional(),
});
/** SRS allows on HTTP 200 with `{"code": 0}`; any other status or code refuses. */
const SrsReply = z.object({ code: z.number().int(), msg: z.string().optional() });

/**
 * nginx-rtmp's notify calls (`on_publish`, `on_publish_done`, `on_update`), a form with the connection's
 * fields and the publisher's query arguments (so `sign` arrives as a field of its own).
 */
const NginxRtmpHook = z.object({
  call: z.string().max(40),
  name: z.string().max(200).optional(),
  app: z.string().max(200).optional(),
  addr: z.string().max(100).optional(),
  clientid: z.string().max(40).optional(),
  sign: z.string().max(500).optional(),
});

/**
 * The hooks an external media server (LIVEDESK_MEDIA=external) calls to ask whether a publish may start
 * and to report that it stopped. Both feed the same MediaEvents as the embedded server.
 */
export function mediaHookRoutes(app: App, media: ExternalMediaServer) {
  const authorised = (secret: string | undefined, log: FastifyBaseLogger) => {
    const auth = media.checkHookSecret(secret);
    if (auth === 'not_configured') log.error('media hook refused: set LIVEDESK_MEDIA_HOOK_SECRET and put it on the hook URLs as ?secret=');
    else if (auth === 'wrong_secret') log.warn('media hook refused: wrong ?secret= on the hook URL');
    return auth === 'ok';
  };

  void app.register(async (scope) => {
    // nginx-rtmp posts forms; only these routes accept them.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: HOOK_BODY_LIMIT_BYTES }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const r = typed(scope);

    r.post(
      '/api/v1/media/hooks/srs',
      {
        bodyLimit: HOOK_BODY_LIMIT_BYTES,
        schema: {
          tags,
          security: [],
          description: 'SRS `http_hooks` callback (on_publish, on_unpublish). Refuses with a non-zero `code`.',
          querystring: HookQuery,
          body: SrsHook,
          response: { 200: SrsReply, 401: SrsReply, 403: SrsReply },
        },
      },
      async (req, reply) => {
        if (!authorised(req.query.secret, req.log)) return reply.code(401).send({ code: 1, msg: 'hook secret missing or wrong' });
        const { action, client_id: clientId, stream = '', ip, param } = req.body;
        const client = { streamName: stream, clientId };
        if (action === 'on_publish') {
          const sign = new URLSearchParams(param ?? '').get('sign');
          const allowed = await media.publish(client, { sign, clientIp: ip ?? null });
          return allowed ? { code: 0 } : reply.code(403).send({ code: 1, msg: 'publish refused: unknown stream or wrong sign' });
        }
        if (action === 'on_unpublish') media.unpublish(client);
        return { code: 0 };
      },
    );

    r.post(
      '/api/v1/media/hooks/nginx-rtmp',
      {
        bodyLimit: HOOK_BODY_LIMIT_BYTES,
        schema: {
          tags,
          security: [],
          description:
            'nginx-rtmp notify callback (`on_publish`, `on_publish_done`, `on_update`), form-encoded. 2xx allows, 4xx refuses.',
          querystring: HookQuery,
          body: NginxRtmpHook,
        },
      },
      async (req, reply) => {
        if (!authorised(req.query.secret, req.log)) return reply.code(401).send();
        const { call, name = '', clientid = '', addr, sign } = req.body;
        const client = { streamName: name, clientId: clientid };
        if (call === 'publish') {
          const allowed = await media.publish(client, { sign: sign ?? null, clientIp: addr ?? null });
          return reply.code(allowed ? 204 : 403).send();
        }
        if (call === 'publish_done') media.unpublish(client);
        if (call === 'update_publish' && !media.stillAllowed(client)) return reply.code(403).send();
        return reply.code(204).send();
      },
    );
  });
}
