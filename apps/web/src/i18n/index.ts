import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'livedesk.lang';
const dayjsLocales: Record<Language, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

const isLanguage = (value: string | null): value is Language =>
  value !== null && (languages as readonly string[]).includes(value);

function storedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return isLanguage(stored) ? stored : 'zh-CN';
}

/** Everything outside React that depends on the language follows i18next's current one. */
function applyLanguage(language: Language): void {
  document.documentElement.lang = language;
  dayjs.locale(dayjsLocales[language]);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'zh-CN';
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(storageKey, language);
  applyLanguage(language);
  await i18next.changeLanguage(language);
}

const initialLanguage = storedLanguage();
applyLanguage(initialLanguage);

// Resources are bundled, so initialisation completes synchronously before the first render.
void i18next.use(initReactI18next).init({
  initAsync: false,
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLanguage,
  fallbackLng: 'zh-CN',
  // Permission names such as `orders:read` are keys, so `:` must not split namespaces.
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  // Keeps the browser console for the console's own warnings.
  showSupportNotice: false,
});
