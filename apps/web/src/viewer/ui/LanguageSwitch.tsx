/** @jsxImportSource preact */
import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      class="chip chip--round"
      data-testid="lang-switch"
      aria-label={t('room.switchLanguage')}
      onClick={() => setLanguage(language === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {t('room.otherLanguage')}
    </button>
  );
}
