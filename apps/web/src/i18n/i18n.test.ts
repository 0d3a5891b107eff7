import {
  aftersalesStatuses,
  apiKeyScopes,
  errorCodes,
  orderStatuses,
  permissions,
  roles,
  type AftersalesType,
  type ProductStatus,
  type ReturnDisposition,
  type SkuStatus,
  type WaveStatus,
} from '@livedesk/contracts';
import { commonCarriers } from '../lib/carriers';
import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import {
  actorTypeLabelKey,
  aftersalesStatusLabelKey,
  aftersalesTypeLabelKey,
  auditActionLabelKey,
  cancelReasonLabelKey,
  cancelReasons,
  carrierLabelKey,
  channelLabelKey,
  dispositionLabelKey,
  fulfillmentStatusLabelKey,
  ledgerKindLabelKey,
  ledgerKinds,
  orderEventKindLabelKey,
  orderEventKinds,
  orderStatusLabelKey,
  paymentProviderLabelKey,
  paymentStateLabelKey,
  paymentStatusLabelKey,
  productStatusLabelKey,
  refTypeLabelKey,
  refTypes,
  refundStateLabelKey,
  shipmentStatusLabelKey,
  skuStatusLabelKey,
  waveStatusLabelKey,
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
    ['order statuses', orderStatuses.map(orderStatusLabelKey)],
    ['payment statuses', (['unpaid', 'paid', 'partially_refunded', 'refunded'] as const).map(paymentStatusLabelKey)],
    ['fulfilment statuses', (['unfulfilled', 'partially_shipped', 'shipped', 'delivered'] as const).map(fulfillmentStatusLabelKey)],
    ['order channels', (['store', 'live', 'external'] as const).map(channelLabelKey)],
    ['cancel reasons', cancelReasons.map(cancelReasonLabelKey)],
    ['product statuses', (['draft', 'listed', 'delisted'] satisfies ProductStatus[]).map(productStatusLabelKey)],
    ['SKU statuses', (['active', 'disabled'] satisfies SkuStatus[]).map(skuStatusLabelKey)],
    ['payment states', (['pending', 'succeeded', 'failed', 'cancelled'] as const).map(paymentStateLabelKey)],
    ['refund states', (['pending', 'succeeded', 'failed'] as const).map(refundStateLabelKey)],
    ['payment providers', (['sandbox', 'wechatpay', 'alipay'] as const).map(paymentProviderLabelKey)],
    ['ledger kinds', ledgerKinds.map(ledgerKindLabelKey)],
    ['reference types', refTypes.map(refTypeLabelKey)],
    ['order event kinds', orderEventKinds.map(orderEventKindLabelKey)],
    ['wave statuses', (['open', 'picked', 'closed'] satisfies WaveStatus[]).map(waveStatusLabelKey)],
    ['shipment statuses', (['shipped', 'delivered'] as const).map(shipmentStatusLabelKey)],
    ['carriers', commonCarriers.map(carrierLabelKey)],
    ['after-sales statuses', aftersalesStatuses.map(aftersalesStatusLabelKey)],
    ['after-sales types', (['refund_only', 'return_refund', 'exchange'] satisfies AftersalesType[]).map(aftersalesTypeLabelKey)],
    ['return dispositions', (['restock', 'write_off'] satisfies ReturnDisposition[]).map(dispositionLabelKey)],
  ];

  it.each(required)('every one of the %s has a label in both languages', (_what, keys) => {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      for (const key of keys) {
        expect(typeof catalogue.get(key), `${language}: ${key}`).toBe('string');
      }
    }
  });
});
