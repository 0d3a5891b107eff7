import { useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { describeError, mayHaveActed } from './errors';

/**
 * One store write (place an order, pay, check out a hold) behind a button: busy while it runs, the
 * failure in the viewer's words, and an Idempotency-Key that is kept for a retry of the same attempt.
 */
export function useSubmit() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const key = useRef(crypto.randomUUID());

  const submit = async <T>(run: (idempotencyKey: string) => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await run(key.current);
      key.current = crypto.randomUUID();
      return result;
    } catch (error) {
      if (!mayHaveActed(error)) key.current = crypto.randomUUID();
      setFailure(describeError(error, t));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  return { busy, failure, setFailure, submit };
}
