import { z } from 'zod';

/** The one error taxonomy of the public contract; `http/errors.ts` maps each code to an HTTP status. */
export const errorCodes = [
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'insufficient_stock',
  'idempotency_mismatch',
  /** the request body is over the route's limit (413) */
  'payload_too_large',
  /** the post-live review of a show that has not ended (409) */
  'show_not_ended',
  /** a link or resource that existed and has expired (410) */
  'gone',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
