import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelReasonLabelKey, isCancelReason } from '../i18n/labels';

/**
 * Reasons the server writes itself (stock ledger, payment failures) are short English phrases; the
 * ones the console knows are shown in the current language. Reasons people typed are shown as typed.
 */
export function useReasonText(): (reason: string | null) => string | null {
  const { t } = useTranslation();
  return useCallback(
    (reason) => {
      if (reason === null) return null;
      if (reason === 'initial stock') return t('systemReason.initialStock');
      if (reason === 'declined by the sandbox') return t('systemReason.sandboxDeclined');
      const cancelled = /^order cancelled \((\w+)\)$/.exec(reason)?.[1];
      if (cancelled && isCancelReason(cancelled)) {
        return t('systemReason.orderCancelled', { reason: t(cancelReasonLabelKey(cancelled)) });
      }
      if (isCancelReason(reason)) return t(cancelReasonLabelKey(reason));
      return reason;
    },
    [t],
  );
}
