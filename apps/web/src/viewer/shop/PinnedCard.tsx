/** @jsxImportSource preact */
import type { LineupProductView } from '@livedesk/contracts';
import type { RefCallback } from 'preact';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';

/** 讲解中: the product the anchor is presenting, over the comments; with several pinned, a tap shows the next. */
export function PinnedCard({ products, index, watch, onNext, onOpen }: { products: LineupProductView[]; index: number; watch: RefCallback<HTMLElement>; onNext: () => void; onOpen: (productId: string) => void }) {
  const { t } = useI18n();
  const product = products[index];
  if (!product) return null;
  const listPrice = Math.max(...product.skus.map((s) => s.priceFen));
  return (
    // Keyed by product: each product shown here is a card of its own to the exposure tracking.
    <div key={product.productId} ref={watch} class="pinned" data-testid="pinned-product" data-product-id={product.productId}>
      <button type="button" class="pinned__image" onClick={() => onOpen(product.productId)} aria-label={product.title}>
        {product.imageUrl ? <img src={product.imageUrl} alt="" /> : <span class="pinned__no-image">{product.position}</span>}
        <span class="pinned__badge">{t('pinned.badge')}</span>
      </button>
      <div class="pinned__main">
        <div class="pinned__title">{product.title}</div>
        <div class="pinned__prices">
          <span class="price">{formatFen(product.fromPriceFen)}</span>
          {listPrice > product.fromPriceFen && <s class="pinned__was">{formatFen(listPrice)}</s>}
        </div>
        <div class="pinned__actions">
          {products.length > 1 && (
            <button type="button" class="pinned__more" data-testid="pinned-next" onClick={onNext}>
              {t('pinned.more', { index: index + 1, count: products.length })}
            </button>
          )}
          <button type="button" class="button button--buy button--small" data-testid="pinned-buy" onClick={() => onOpen(product.productId)}>
            {t('product.buy')}
          </button>
        </div>
      </div>
    </div>
  );
}
