import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

/*
 * The viewer's own small dictionaries (no i18next: the page has a byte budget). Chinese is the default;
 * the choice is kept on the device. Keys are flat; `{{name}}` is replaced by params.
 */

export type Language = 'zh-CN' | 'en-US';
export type MessageKey = keyof typeof zhCN;
export type Params = Record<string, string | number>;

export const languages: readonly Language[] = ['zh-CN', 'en-US'];
const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const LANGUAGE_KEY = 'livedesk.viewer.language';

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const text = dictionaries[language][key];
  return params ? text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

export function initialLanguage(search: string): Language {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'zh-CN' || asked === 'en-US') return asked;
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // no storage: the default
  }
  return 'zh-CN';
}

export function storeLanguage(language: Language): void {
  document.documentElement.lang = language;
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // the choice lasts for this visit only
  }
}

export type Translate = (key: MessageKey, params?: Params) => string;

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n>({
  language: 'zh-CN',
  t: (key, params) => translate('zh-CN', key, params),
  setLanguage: () => undefined,
});

export const useI18n = () => useContext(I18nContext);
