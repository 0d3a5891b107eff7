import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorCode } from '../api/client';
import { errorMessageKey } from '../i18n/labels';

/** Per-call wording for codes whose generic message would be vague (e.g. which conflict it was). */
export type ErrorOverrides = Partial<Record<ApiErrorCode, string>>;

export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'rate_limited') return null;
  const retryAfterMs = Number(error.details?.retryAfterMs);
  return Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs / 1000) : null;
}

/** Turns anything a request may throw into a sentence in the current language. */
export function useErrorMessage(): (error: unknown, overrides?: ErrorOverrides) => string {
  const { t } = useTranslation();
  return useCallback(
    (error, overrides) => {
      if (!(error instanceof ApiError)) return t('error.internal');
      const override = overrides?.[error.code];
      if (override) return override;
      const seconds = retryAfterSeconds(error);
      if (seconds !== null) return t('error.rateLimitedWait', { seconds });
      return t(errorMessageKey(error.code));
    },
    [t],
  );
}

/**
 * For confirmation dialogs that wait on a request: they close once it is done, either way, because the
 * mutation has already reported a failure (a rejected promise would keep the dialog open instead).
 */
export const settled = (request: Promise<unknown>): Promise<void> =>
  request.then(
    () => undefined,
    () => undefined,
  );
