/** @jsxImportSource preact */
import type { CartHoldView } from '@livedesk/contracts';
import { useEffect, useState } from 'preact/hooks';
import { formatFen } from '../../lib/money';
import { viewerApi } from '../api';
import { useI18n } from '../i18n/i18n';
import { anonymousId, asBuyer } from '../identity';
import { clock } from '../lib/format';
import { useNow } from '../ui/hooks';
import { Sheet } from '../ui/Sheet';
import { validateAddress, type AddressField, type AddressProblem } from './address';
import { AddressForm } from './AddressForm';
import { describeError } from './errors';
import { savedAddress, saveAddress } from './storage';
import { useSubmit } from './useSubmit';

/**
 * A comment-to-buy claim (扣1): what the comment reserved and until when; the buyer adds the address and
 * it becomes an order to pay. A claim already checked out goes straight to its order.
 */
export function HoldSheet({ holdId, onOrder, onClose }: { holdId: string; onOrder: (orderId: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [hold, setHold] = useState<CartHoldView | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [address, setAddress] = useState(savedAddress);
  const [problems, setProblems] = useState<Partial<Record<AddressField, AddressProblem>>>({});
  const { busy, failure, submit } = useSubmit();
  const now = useNow(1000, hold?.status === 'open');

  useEffect(() => {
    let current = true;
    asBuyer((token) => viewerApi.cartHold(token, holdId)).then(
      (loaded) => {
        if (!current) return;
        if (loaded.status === 'checked_out' && loaded.orderId) {
          onOrder(loaded.orderId);
          return;
        }
        setHold(loaded);
        if (loaded.suggestedAddress && savedAddress().name === '') setAddress(loaded.suggestedAddress);
      },
      (error: unknown) => current && setLoadFailure(describeError(error, t)),
    );
    return () => {
      current = false;
    };
  }, [holdId, onOrder, t]);

  const checkOut = async (event: Event) => {
    event.preventDefault();
    const checked = validateAddress(address);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    const order = await submit((idempotencyKey) =>
      asBuyer((token) => viewerApi.checkOutHold({ token, idempotencyKey, deviceId: anonymousId() }, holdId, { address: checked.address })),
    );
    if (!order) return;
    saveAddress(checked.address);
    onOrder(order.id);
  };

  const left = hold ? hold.expiresAt - now : 0;
  const open = hold?.status === 'open' && left > 0;
  return (
    <Sheet title={t('checkout.title')} onClose={onClose} testId="hold-sheet" tall>
      {!hold && !loadFailure && <p class="muted-note">{t('common.loading')}</p>}
      {loadFailure && <p class="form-error">{loadFailure}</p>}
      {hold && (
        <form class="checkout" onSubmit={checkOut} noValidate>
          <div class="hold" data-testid="hold-notice">
            {open
              ? hold.stockHeld
                ? t('hold.locked', { minutes: Math.max(1, Math.ceil(left / 60_000)) })
                : t('hold.firstPaid', { clock: clock(left) })
              : t('hold.expired')}
          </div>
          <ul class="product-list product-list--compact">
            <li class="product-row">
              <div class="product-row__main">
                <div class="product-row__title">{hold.productTitle}</div>
                <div class="muted-note">
                  {hold.skuTitle} × {hold.quantity}
                </div>
              </div>
              <div class="price">{formatFen(hold.totalFen)}</div>
            </li>
          </ul>
          <AddressForm value={address} problems={problems} onChange={setAddress} />
          {failure && (
            <p class="form-error" role="alert" data-testid="checkout-error">
              {failure}
            </p>
          )}
          <div class="sheet__actions sheet__actions--total">
            <div class="total">
              {t('cart.total')} <span class="price price--big">{formatFen(hold.totalFen)}</span>
              {open && <div class="muted-note">{t('order.payWithin', { clock: clock(left) })}</div>}
            </div>
            <button type="submit" class="button button--buy" data-testid="checkout-submit" disabled={busy || !open}>
              {busy ? t('checkout.placing') : t('checkout.submit')}
            </button>
          </div>
        </form>
      )}
    </Sheet>
  );
}
