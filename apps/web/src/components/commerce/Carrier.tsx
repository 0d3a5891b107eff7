import { Select } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { carrierLabelKey } from '../../i18n/labels';
import { carrierCode, commonCarriers } from '../../lib/carriers';

/** A carrier's name in the current language; codes the console does not know are shown as stored. */
export function useCarrierName(): (carrier: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (carrier) => {
      const code = carrierCode(carrier);
      return code ? t(carrierLabelKey(code)) : carrier;
    },
    [t],
  );
}

interface CarrierSelectProps {
  id?: string;
  value?: string;
  onChange?: (carrier: string) => void;
  testId?: string;
}

export function CarrierSelect({ id, value, onChange, testId }: CarrierSelectProps) {
  const { t } = useTranslation();
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      placeholder={t('ship.carrierPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      options={commonCarriers.map((carrier) => ({ value: carrier, label: `${t(carrierLabelKey(carrier))} · ${carrier}` }))}
      data-testid={testId}
    />
  );
}
