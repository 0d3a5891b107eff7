import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';

/** One click flips between Chinese and English; the button names the language it switches to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Tooltip title={t('lang.switchHint')}>
      <Button
        data-testid="lang-switch"
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('lang.switchHint')}
        onClick={() => void setLanguage(next)}
      >
        {t('lang.switchTo')}
      </Button>
    </Tooltip>
  );
}
