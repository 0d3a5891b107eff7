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
      if (reason === 'every unit was refunded before shipping') return t('systemReason.refundedBeforeShipping');
      if (reason === 'auto-approved') return t('systemReason.autoApproved');
      const refundedCase = /^refunded before shipping \((\S+)\)$/.exec(reason)?.[1];
      if (refundedCase) return t('systemReason.caseRefundedBeforeShipping', { caseNo: refundedCase });
      const caseStep = /^after-sales (\S+?)(?:: (.*))?$/.exec(reason);
      if (caseStep?.[1]) {
        return caseStep[2]
          ? t('systemReason.caseWithReason', { caseNo: caseStep[1], reason: caseStep[2] })
          : t('systemReason.case', { caseNo: caseStep[1] });
      }
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
