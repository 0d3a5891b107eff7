import { apiKeyScopes, errorCodes, permissions, roles } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import {
  actorTypeLabelKey,
  auditActionLabelKey,
  errorMessageKey,
  knownAuditActions,
  knownTargetTypes,
  permissionAreaLabelKey,
  permissionAreas,
  permissionLabelKey,
  roleLabelKey,
  scopeLabelKey,
  targetTypeLabelKey,
} from './labels';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: unknown };

/** `{a: {b: 'x'}}` → `{'a.b': 'x'}`, the way i18next resolves nested keys. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [nested, leaf] of flatten(value as Tree, path)) flat.set(nested, leaf);
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

const catalogues = { 'zh-CN': flatten(zhCN), 'en-US': flatten(enUS) };
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('translation catalogues', () => {
  it('have exactly the same keys', () => {
    expect([...catalogues['en-US'].keys()].sort()).toEqual([...catalogues['zh-CN'].keys()].sort());
  });

  it.each(Object.entries(catalogues))('%s has a non-empty string for every key', (_language, catalogue) => {
    for (const [key, value] of catalogue) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation placeholders in both languages', () => {
    for (const [key, zhText] of catalogues['zh-CN']) {
      expect(placeholders(catalogues['en-US'].get(key)), key).toEqual(placeholders(zhText));
    }
  });
});

describe('labels for contract values', () => {
  const required: [string, string[]][] = [
    ['roles', roles.map(roleLabelKey)],
    ['permissions', permissions.map(permissionLabelKey)],
    ['API-key scopes', apiKeyScopes.map(scopeLabelKey)],
    ['permission areas', permissionAreas.map(permissionAreaLabelKey)],
    ['error codes', [...errorCodes, 'network' as const].map(errorMessageKey)],
    ['actor types', (['user', 'api_key', 'buyer', 'system'] as const).map(actorTypeLabelKey)],
    ['audit actions', knownAuditActions.map(auditActionLabelKey)],
    ['target types', knownTargetTypes.map(targetTypeLabelKey)],
  ];

  it.each(required)('every one of the %s has a label in both languages', (_what, keys) => {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      for (const key of keys) {
        expect(typeof catalogue.get(key), `${language}: ${key}`).toBe('string');
      }
    }
  });
});
