import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { newId } from '../lib/ids.js';
import type { Hot } from '../infra/hot/port.js';
import { BODY_LIMIT_BYTES, errorHandler, notFoundHandler } from './errors.js';

export type App = FastifyInstance;
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

export interface HttpOptions {
  logLevel: string;
  trustProxy: boolean;
  hot: Hot;
  rateLimitPerMinute: number;
  version: string;
  /** the built console's folder; when set, it is served at / with client-side routing */
  consoleDir: string | undefined;
}

const incomingRequestId = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify with everything every route shares: validation, errors, request ids, limits, docs. */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.token'],
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && incomingRequestId.test(incoming) ? incoming : newId();
    },
    ajv: { customOptions: { removeAdditional: false } },
  });
  // Clients send `Content-Type: application/json` on bodiless requests too: an empty body is no body,
  // and the route's schema decides whether that is allowed. Anything else goes to Fastify's own parser
  // (it guards against prototype poisoning).
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    return jsonParser(req, body.toString(), done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler(options.consoleDir ? 'index.html' : undefined));
  if (options.consoleDir) {
    await app.register(fastifyStatic, { root: options.consoleDir, wildcard: false, index: false, maxAge: '1h' });
    // The buyers' live room is a page of its own (its own small bundle, no console code): /live/<session id>.
    // Not cached, so a new build's hashed assets are picked up at once.
    app.get('/live/*', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('live.html', { cacheControl: false }),
    );
  }
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'LiveDesk API',
        version: options.version,
        description:
          'Self-hosted live commerce. JSON everywhere, money in integer fen, times in epoch milliseconds. ' +
          'Errors: `{ "error": { "code", "message", "details"? } }`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Access token, buyer token or API key' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    // After authentication, so a signed-in caller is limited as itself rather than by a shared NAT address.
    hook: 'preHandler',
    keyGenerator: (req) => (req.actor ? `${req.actor.kind}:${req.actor.id}` : `ip:${req.ip}`),
    store: hotRateLimitStore(options.hot),
    errorResponseBuilder: (_req, ctx) => {
      const err = Object.assign(new Error('Too many requests, try again later'), { statusCode: 429, retryAfterMs: ctx.ttl });
      return err;
    },
  });
  return app;
}

/** @fastify/rate-limit's store contract, counted in the Hot port so every API node shares the window. */
function hotRateLimitStore(hot: Hot) {
  // The plugin hands its merged options (with a numeric timeWindow, as we configure it) to the store.
  const windowMsOf = (options: object) => {
    const { timeWindow } = options as { timeWindow?: unknown };
    return typeof timeWindow === 'number' ? timeWindow : 60_000;
  };
  return class HotRateLimitStore {
    private readonly windowMs: number;
    constructor(options: object) {
      this.windowMs = windowMsOf(options);
    }
    incr(key: string, callback: (err: Error | null, res?: { current: number; ttl: number }) => void) {
      hot.hit(`ratelimit:${key}`, this.windowMs).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (err: Error) => callback(err),
      );
    }
    child(routeOptions: object) {
      return new HotRateLimitStore(routeOptions);
    }
  };
}
