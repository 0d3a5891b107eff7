/** @jsxImportSource preact */
import type { OrderDetailView, OrderStatus } from '@livedesk/contracts';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { formatFen } from '../../lib/money';
import { viewerApi } from '../api';
import { useI18n } from '../i18n/i18n';
import { asBuyer } from '../identity';
import { clock } from '../lib/format';
import { useNow } from '../ui/hooks';
import { Sheet } from '../ui/Sheet';
import { describeError } from './errors';
import { useSubmit } from './useSubmit';

/** An order: its status, what it holds, and — while unpaid — the countdown and the (sandbox) pay button. */
export function OrderSheet({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [order, setOrder] = useState<OrderDetailView | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const { busy, failure, setFailure, submit } = useSubmit();
  const unpaid = order?.status === 'pending_payment';
  const expiresAt = order?.expiresAt ?? null;
  const now = useNow(1000, unpaid && expiresAt !== null);

  const load = useCallback(async () => {
    try {
      setOrder(await asBuyer((token) => viewerApi.order(token, orderId)));
      setLoadFailure(null);
    } catch (error) {
      setLoadFailure(describeError(error, t));
    }
  }, [orderId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const pay = async () => {
    const result = await submit((idempotencyKey) => asBuyer((token) => viewerApi.pay({ token, idempotencyKey }, orderId)));
    await load();
    if (result && result.status !== 'paid') setFailure(t('order.payDeclined'));
  };

  const status: OrderStatus | null = order?.status ?? null;
  const expired = unpaid && expiresAt !== null && expiresAt <= now;
  const problem = failure ?? loadFailure;
  return (
    <Sheet title={t('order.title')} onClose={onClose} testId="order-sheet">
      <div class={`order-status order-status--${status ?? 'loading'}`} data-testid="order-status" data-status={status ?? ''}>
        {status ? t(`orderStatus.${status}`) : t('common.loading')}
      </div>
      {order && (
        <>
          <div class="muted-note">{t('order.number', { no: order.orderNo })}</div>
          <ul class="product-list product-list--compact">
            {order.lines.map((line) => (
              <li key={line.id} class="product-row">
                <div class="product-row__main">
                  <div class="product-row__title">{line.productTitle}</div>
                  <div class="muted-note">
                    {line.skuTitle} × {line.quantity}
                  </div>
                </div>
                <div class="price">{formatFen(line.lineTotalFen)}</div>
              </li>
            ))}
          </ul>
          <div class="order-address muted-note">
            {order.address.name} {order.address.phone} · {order.address.province} {order.address.city} {order.address.district} {order.address.detail}
          </div>
        </>
      )}
      {problem && (
        <p class="form-error" role="alert" data-testid="order-error">
          {problem}
        </p>
      )}
      <div class="sheet__actions sheet__actions--total">
        <div class="total">
          {t('order.total')} <span class="price price--big">{formatFen(order?.totalFen ?? 0)}</span>
          {unpaid && expiresAt !== null && !expired && (
            <div class="muted-note" data-testid="order-countdown">
              {t('order.payWithin', { clock: clock(expiresAt - now) })}
            </div>
          )}
        </div>
        {unpaid && !expired ? (
          <button type="button" class="button button--buy" data-testid="pay-button" disabled={busy} onClick={pay}>
            {busy ? t('order.paying') : t('order.pay')}
          </button>
        ) : (
          <button type="button" class="button button--ghost-dark" data-testid="order-done" onClick={onClose}>
            {status === 'paid' ? t('order.keepWatching') : t('common.close')}
          </button>
        )}
      </div>
    </Sheet>
  );
}
