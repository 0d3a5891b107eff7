import 'i18next';
import type zhCN from './zh-CN.json';

// Typed keys: a misspelt or missing translation key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    nsSeparator: false;
  }
}
