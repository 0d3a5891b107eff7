/** @jsxImportSource preact */
import type { Address } from '@livedesk/contracts';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { ADDRESS_FIELDS, type AddressField, type AddressProblem } from './address';

const problemKey: Record<AddressProblem, MessageKey> = {
  required: 'address.required',
  too_long: 'address.tooLong',
  phone: 'address.badPhone',
};

const inputMode: Partial<Record<AddressField, 'tel'>> = { phone: 'tel' };
const autoComplete: Record<AddressField, string> = {
  name: 'name',
  phone: 'tel',
  province: 'address-level1',
  city: 'address-level2',
  district: 'address-level3',
  detail: 'street-address',
};

export function AddressForm({ value, problems, onChange }: { value: Address; problems: Partial<Record<AddressField, AddressProblem>>; onChange: (value: Address) => void }) {
  const { t } = useI18n();
  return (
    <fieldset class="address">
      <legend class="address__legend">{t('address.title')}</legend>
      {ADDRESS_FIELDS.map((field) => {
        const problem = problems[field];
        return (
          <label key={field} class={`field${field === 'detail' ? ' field--wide' : ''}${problem ? ' field--bad' : ''}`}>
            <span class="field__label">{t(`address.${field}`)}</span>
            <input
              class="field__input"
              data-testid={`address-${field}`}
              name={field}
              value={value[field]}
              inputMode={inputMode[field]}
              autoComplete={autoComplete[field]}
              maxLength={field === 'detail' ? 200 : field === 'phone' ? 13 : 40}
              placeholder={t(`address.${field}Hint`)}
              onInput={(e) => onChange({ ...value, [field]: e.currentTarget.value })}
            />
            {problem && <span class="field__problem">{t(problemKey[problem])}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
