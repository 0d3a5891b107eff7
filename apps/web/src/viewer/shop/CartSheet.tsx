/** @jsxImportSource preact */
import type { LineupProductView } from '@livedesk/contracts';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';
import { Sheet } from '../ui/Sheet';
import { Stepper } from '../ui/Stepper';
import { priceCart, type CartLine } from './cart';

export function CartSheet({ lines, products, onQuantity, onCheckout, onClose }: { lines: CartLine[]; products: LineupProductView[]; onQuantity: (skuId: string, quantity: number) => void; onCheckout: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const cart = priceCart(lines, products);
  return (
    <Sheet title={t('cart.title')} onClose={onClose} testId="cart-sheet" tall>
      {cart.lines.length === 0 && cart.gone.length === 0 && <p class="muted-note">{t('cart.empty')}</p>}
      <ul class="product-list">
        {cart.lines.map((line) => (
          <li key={line.skuId} class="product-row" data-testid="cart-line">
            {line.product.imageUrl ? <img class="product-row__image" src={line.product.imageUrl} alt="" /> : <div class="product-row__image product-row__image--none" />}
            <div class="product-row__main">
              <div class="product-row__title">{line.product.title}</div>
              <div class="muted-note">{line.sku.title}</div>
              <div class="price">{formatFen(line.sku.livePriceFen)}</div>
            </div>
            <Stepper value={line.quantity} min={0} max={Math.max(line.quantity, line.sku.available)} onChange={(q) => onQuantity(line.skuId, q)} />
          </li>
        ))}
        {cart.gone.map((line) => (
          <li key={line.skuId} class="product-row product-row--gone">
            <div class="product-row__main">{t('cart.gone')}</div>
            <button type="button" class="link-button" onClick={() => onQuantity(line.skuId, 0)}>
              {t('cart.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div class="sheet__actions sheet__actions--total">
        <div class="total">
          {t('cart.total')} <span class="price price--big" data-testid="cart-total">{formatFen(cart.totalFen)}</span>
        </div>
        <button type="button" class="button button--buy" data-testid="cart-checkout" disabled={cart.lines.length === 0} onClick={onCheckout}>
          {t('cart.checkout', { count: cart.units })}
        </button>
      </div>
    </Sheet>
  );
}
