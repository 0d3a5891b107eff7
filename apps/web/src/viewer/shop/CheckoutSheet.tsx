/** @jsxImportSource preact */
import type { Address, FlashSaleState, LineupProductView, OrderView } from '@livedesk/contracts';
import { useState } from 'preact/hooks';
import { formatFen } from '../../lib/money';
import { viewerApi } from '../api';
import { useI18n } from '../i18n/i18n';
import { anonymousId, asBuyer } from '../identity';
import { Sheet } from '../ui/Sheet';
import { Stepper } from '../ui/Stepper';
import { AddressCheckout } from './AddressCheckout';
import { priceCart, type CartLine } from './cart';

export type CheckoutRequest = { kind: 'lines'; lines: CartLine[]; fromCart: boolean } | { kind: 'flash'; sale: FlashSaleState };

interface Props {
  sessionId: string;
  request: CheckoutRequest;
  products: LineupProductView[];
  onPlaced: (order: OrderView) => void;
  onClose: () => void;
}

/** 确认订单: what is bought, the address, and placing the order (which holds the stock until payment). */
export function CheckoutSheet({ sessionId, request, products, onPlaced, onClose }: Props) {
  const { t } = useI18n();
  const [flashQuantity, setFlashQuantity] = useState(1);
  const cart = request.kind === 'lines' ? priceCart(request.lines, products) : null;
  const totalFen = request.kind === 'flash' ? request.sale.priceFen * flashQuantity : (cart?.totalFen ?? 0);

  const place = (address: Address, idempotencyKey: string) =>
    asBuyer((token) => {
      const as = { token, idempotencyKey, deviceId: anonymousId() };
      return request.kind === 'flash'
        ? viewerApi.placeFlashOrder(as, request.sale.flashSaleId, { quantity: flashQuantity, address })
        : viewerApi.placeOrder(as, { items: (cart?.lines ?? []).map((l) => ({ skuId: l.skuId, quantity: l.quantity })), liveSessionId: sessionId, address });
    });

  return (
    <Sheet title={t('checkout.title')} onClose={onClose} testId="checkout-sheet" tall>
      <AddressCheckout totalFen={totalFen} place={place} onPlaced={onPlaced}>
        <ul class="product-list product-list--compact">
          {cart?.lines.map((line) => (
            <li key={line.skuId} class="product-row">
              <div class="product-row__main">
                <div class="product-row__title">{line.product.title}</div>
                <div class="muted-note">
                  {line.sku.title} × {line.quantity}
                </div>
              </div>
              <div class="price">{formatFen(line.lineTotalFen)}</div>
            </li>
          ))}
          {request.kind === 'flash' && (
            <li class="product-row">
              <div class="product-row__main">
                <span class="tag tag--flash">{t('flash.badge')}</span>
                <div class="product-row__title">{request.sale.title}</div>
                <div class="muted-note">{t('checkout.limit', { count: request.sale.perUserLimit })}</div>
              </div>
              <Stepper value={flashQuantity} min={1} max={Math.max(1, Math.min(request.sale.perUserLimit, request.sale.remaining))} onChange={setFlashQuantity} testId="flash-quantity" />
            </li>
          )}
        </ul>
      </AddressCheckout>
    </Sheet>
  );
}
