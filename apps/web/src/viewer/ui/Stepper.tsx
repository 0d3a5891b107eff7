/** @jsxImportSource preact */
import { useI18n } from '../i18n/i18n';
import { Icon } from './icons';

export function Stepper({ value, min, max, onChange, testId }: { value: number; min: number; max: number; onChange: (value: number) => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <div class="stepper" data-testid={testId}>
      <button type="button" class="stepper__button" aria-label={t('common.less')} disabled={value <= min} onClick={() => onChange(Math.max(min, value - 1))}>
        <Icon name="minus" size={16} />
      </button>
      <span class="stepper__value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </span>
      <button type="button" class="stepper__button" aria-label={t('common.more')} disabled={value >= max} onClick={() => onChange(Math.min(max, value + 1))}>
        <Icon name="plus" size={16} />
      </button>
    </div>
  );
}
