import send from '@fastify/send';
import { z } from 'zod';
import { typed, type App } from '../../http/server.js';
import { notFound } from '../../lib/errors.js';
import type { EmbeddedMediaServer } from './embedded.js';
import { STREAM_NAME } from './port.js';

const tags = ['media'];
const Params = z.strictObject({ sessionId: z.string().regex(STREAM_NAME) });

/**
 * The embedded media server's HTTP side, served by the LiveDesk HTTP server itself (no second port):
 * live HTTP-FLV for the viewer page's player, and the recorded show as MP4 with range requests.
 */
export function mediaPlaybackRoutes(app: App, media: EmbeddedMediaServer) {
  const r = typed(app);

  r.get(
    '/media/live/:sessionId.flv',
    {
      schema: {
        tags,
        security: [],
        description: 'The live show as HTTP-FLV (for mpegts.js / flv.js); 404 while nobody publishes.',
        params: Params,
      },
    },
    async (req, reply) => {
      const stream = media.play(req.params.sessionId);
      if (!stream) throw notFound('Live stream', req.params.sessionId);
      return reply
        .header('content-type', 'video/x-flv')
        .header('cache-control', 'no-store')
        .header('access-control-allow-origin', '*')
        .send(stream);
    },
  );

  r.get(
    '/media/replay/:sessionId.mp4',
    {
      schema: {
        tags,
        security: [],
        description: 'The recorded show as MP4, seekable (range requests); 404 until a recording has been remuxed.',
        params: Params,
      },
    },
    async (req, reply) => {
      const { sessionId } = req.params;
      if (!(await media.replay(sessionId))) throw notFound('Replay', sessionId);
      const file = await send(req.raw, `/${sessionId}/replay.mp4`, { root: media.recordingsDir, acceptRanges: true });
      if (file.statusCode === 404) throw notFound('Replay', sessionId);
      // 200, 206, 304, or 416 for a range past the end
      return reply
        .code(file.statusCode)
        .headers(file.headers)
        .header('access-control-allow-origin', '*')
        .send(file.stream);
    },
  );
}
