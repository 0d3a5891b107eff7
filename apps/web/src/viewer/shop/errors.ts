import { ApiError } from '../api';
import type { MessageKey, Translate } from '../i18n/i18n';

const known: Record<string, MessageKey> = {
  network: 'error.network',
  validation: 'error.validation',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  insufficient_stock: 'error.insufficient_stock',
  idempotency_mismatch: 'error.conflict',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.unavailable',
};

/** Why a flash sale refused an order (`details.reason` of its `conflict`). */
const flashRefusals: Record<string, MessageKey> = {
  not_started: 'flash.notStartedError',
  ended: 'flash.endedError',
  limit_reached: 'flash.limitReached',
};

/** A failed store call in the viewer's words; the server's own message stays in the console log. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('error.internal');
  if (error.code === 'insufficient_stock' && typeof error.details.available === 'number') {
    return t('error.insufficientStockLeft', { available: error.details.available });
  }
  const reason = error.details.reason;
  if (error.code === 'conflict' && typeof reason === 'string' && reason in flashRefusals) return t(flashRefusals[reason]!);
  const key = known[error.code];
  return key ? t(key) : t('error.internal');
}

/**
 * Whether retrying may repeat the same request, so the same Idempotency-Key must go with it: the server
 * may have acted without our hearing the answer. A definite refusal gets a new key with the next try.
 */
export const mayHaveActed = (error: unknown): boolean => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
