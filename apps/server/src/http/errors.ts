import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@livedesk/contracts';
import { AppError } from '../lib/errors.js';

/** The one place where error codes become HTTP statuses. */
export const httpStatusOf: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  insufficient_stock: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  show_not_ended: 409,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const body = (code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Fastify's own request errors that a client causes; the code of each body decides its status. */
const clientFastifyErrors: Record<string, (err: FastifyError, req: FastifyRequest) => ErrorBody> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => body('validation', 'Body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => body('validation', 'Body is empty but Content-Type is JSON'),
  // Routes may set their own bodyLimit (CSV imports, media hooks), so the limit reported is the route's.
  FST_ERR_CTP_BODY_TOO_LARGE: (_err, req) =>
    body('payload_too_large', 'Body is larger than the limit', { limitBytes: req.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => body('validation', 'Unsupported Content-Type; send application/json'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => body('validation', 'Content-Length does not match the body'),
  FST_ERR_VALIDATION: (err) => body('validation', err.message),
};

export const BODY_LIMIT_BYTES = 1024 * 1024;

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (err.code === 'rate_limited' && typeof err.details?.retryAfterMs === 'number') {
      reply.header('retry-after', Math.ceil(err.details.retryAfterMs / 1000));
    }
    return reply.code(httpStatusOf[err.code]).send(body(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
      code: v.keyword,
    }));
    return reply.code(400).send(body('validation', 'Request does not match the schema', { issues }));
  }
  const known = err.code ? clientFastifyErrors[err.code] : undefined;
  if (known) {
    const refusal = known(err, req);
    return reply.code(httpStatusOf[refusal.error.code]).send(refusal);
  }
  if (err.statusCode === 429) {
    const { retryAfterMs } = err as { retryAfterMs?: number };
    const details = retryAfterMs === undefined ? undefined : { retryAfterMs };
    return reply.code(429).send(body('rate_limited', 'Too many requests, try again later', details));
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
  } else {
    req.log.error({ err }, 'unhandled error');
  }
  // Never leak stack traces, SQL or driver messages to a client.
  return reply.code(500).send(body('internal', 'Internal server error'));
}

const isApiPath = (url: string) => /^\/(api|healthz|metrics)(\/|\?|$)/.test(url);

/**
 * JSON 404 for the API; with `spaIndex`, other GETs get the console's index.html so its client-side
 * routes (`/users`, `/audit`) survive a reload.
 */
export function notFoundHandler(spaIndex: string | undefined) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    if (spaIndex && req.method === 'GET' && !isApiPath(req.url)) {
      return reply.header('cache-control', 'no-cache').sendFile(spaIndex, { cacheControl: false });
    }
    return reply.code(404).send(body('not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
  };
}
