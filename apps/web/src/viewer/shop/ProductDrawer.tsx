/** @jsxImportSource preact */
import type { LineupProductView } from '@livedesk/contracts';
import type { RefCallback } from 'preact';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/icons';
import { Sheet } from '../ui/Sheet';

/** 小黄车: the show's lineup in order, with what is being presented marked. */
export function ProductDrawer({ products, pinnedIds, cartUnits, watch, onOpen, onCart, onClose }: { products: LineupProductView[]; pinnedIds: string[]; cartUnits: number; watch: RefCallback<HTMLElement>; onOpen: (productId: string) => void; onCart: () => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Sheet
      title={
        <span class="drawer-title">
          {t('products.title', { count: products.length })}
          <button type="button" class="chip chip--light" data-testid="cart-button" onClick={onCart}>
            <Icon name="cart" size={16} /> {t('cart.title')}
            {cartUnits > 0 && <span class="badge">{cartUnits}</span>}
          </button>
        </span>
      }
      onClose={onClose}
      testId="product-drawer"
      tall
    >
      {products.length === 0 && <p class="muted-note">{t('products.empty')}</p>}
      <ul class="product-list">
        {products.map((p) => {
          const soldOut = p.skus.every((s) => s.available <= 0);
          return (
            <li key={p.productId} ref={watch} class="product-row" data-testid="product-item" data-product-id={p.productId}>
              <div class="product-row__image-wrap" onClick={() => onOpen(p.productId)}>
                {p.imageUrl ? <img class="product-row__image" src={p.imageUrl} alt="" loading="lazy" /> : <div class="product-row__image product-row__image--none" />}
                <span class="product-row__position">{p.position}</span>
              </div>
              <div class="product-row__main" onClick={() => onOpen(p.productId)}>
                {pinnedIds.includes(p.productId) && <span class="tag tag--live">{t('pinned.badge')}</span>}
                <div class="product-row__title">{p.title}</div>
                <div class="price">{formatFen(p.fromPriceFen)}</div>
              </div>
              <button type="button" class="button button--buy" data-testid="product-buy" data-product-id={p.productId} disabled={soldOut} onClick={() => onOpen(p.productId)}>
                {soldOut ? t('product.soldOut') : t('product.buy')}
              </button>
            </li>
          );
        })}
      </ul>
    </Sheet>
  );
}
