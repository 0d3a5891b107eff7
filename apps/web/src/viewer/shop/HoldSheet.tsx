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
import { AddressCheckout } from './AddressCheckout';
import { describeError } from './errors';

/**
 * A comment-to-buy claim (扣1): what the comment reserved and until when; the buyer adds the address and
 * it becomes an order to pay. A claim already checked out goes straight to its order.
 */
export function HoldSheet({ holdId, onOrder, onClose }: { holdId: string; onOrder: (orderId: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [hold, setHold] = useState<CartHoldView | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const now = useNow(1000, hold?.status === 'open');

  useEffect(() => {
    let current = true;
    asBuyer((token) => viewerApi.cartHold(token, holdId)).then(
      (loaded) => {
        if (!current) return;
        if (loaded.status === 'checked_out' && loaded.orderId) onOrder(loaded.orderId);
        else setHold(loaded);
      },
      (error: unknown) => current && setLoadFailure(describeError(error, t)),
    );
    return () => {
      current = false;
    };
  }, [holdId, onOrder, t]);

  const left = hold ? hold.expiresAt - now : 0;
  const open = hold?.status === 'open' && left > 0;
  return (
    <Sheet title={t('checkout.title')} onClose={onClose} testId="hold-sheet" tall>
      {!hold && !loadFailure && <p class="muted-note">{t('common.loading')}</p>}
      {loadFailure && <p class="form-error">{loadFailure}</p>}
      {hold && (
        <AddressCheckout
          totalFen={hold.totalFen}
          suggested={hold.suggestedAddress}
          open={open}
          note={open && <div class="muted-note">{t('order.payWithin', { clock: clock(left) })}</div>}
          place={(address, idempotencyKey) => asBuyer((token) => viewerApi.checkOutHold({ token, idempotencyKey, deviceId: anonymousId() }, holdId, { address }))}
          onPlaced={(order) => onOrder(order.id)}
        >
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
        </AddressCheckout>
      )}
    </Sheet>
  );
}
