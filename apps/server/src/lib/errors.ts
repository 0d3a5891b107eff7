import type { ErrorCode } from '@livedesk/contracts';

/**
 * An error a user can cause. It carries a stable code from the contract's taxonomy; the HTTP mapping
 * lives in `http/errors.ts`. Anything thrown that is not an AppError is a bug and becomes a plain 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validationError = (message: string, details?: Record<string, unknown>) =>
  new AppError('validation', message, details);
export const unauthorized = (message = 'Authentication required') => new AppError('unauthorized', message);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new AppError('forbidden', message, details);
export const notFound = (what: string, id?: string) =>
  new AppError('not_found', `${what} not found`, id === undefined ? undefined : { id });
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details);
export const rateLimited = (retryAfterMs: number) =>
  new AppError('rate_limited', 'Too many requests, try again later', { retryAfterMs });
