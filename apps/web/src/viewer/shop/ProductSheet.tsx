/** @jsxImportSource preact */
import type { LineupProductView } from '@livedesk/contracts';
import { useState } from 'preact/hooks';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';
import { MAX_LINE_QUANTITY } from '../limits';
import { Sheet } from '../ui/Sheet';
import { Stepper } from '../ui/Stepper';
import { canChoose, choose, initialSelection, selectedSku, specOptions } from './specs';

/** The SKU picker: specs, price and stock of the chosen SKU, quantity; add to cart or buy at once. */
export function ProductSheet({ product, onAdd, onBuy, onClose }: { product: LineupProductView; onAdd: (skuId: string, quantity: number) => void; onBuy: (skuId: string, quantity: number) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [selection, setSelection] = useState(() => initialSelection(product.skus));
  const [quantity, setQuantity] = useState(1);
  const sku = selectedSku(product.skus, selection);
  const options = specOptions(product.skus);
  const max = Math.max(1, Math.min(MAX_LINE_QUANTITY, sku?.available ?? MAX_LINE_QUANTITY));
  const ready = sku !== undefined && sku.available >= quantity;
  const missing = options.find((o) => !(o.name in selection));

  return (
    <Sheet title={product.title} onClose={onClose} testId="product-sheet">
      <div class="product-head">
        {product.imageUrl ? <img class="product-head__image" src={product.imageUrl} alt="" /> : <div class="product-head__image product-row__image--none" />}
        <div>
          <div class="price price--big" data-testid="sku-price">
            {formatFen(sku?.livePriceFen ?? product.fromPriceFen)}
          </div>
          {sku && sku.priceFen > sku.livePriceFen && <s class="pinned__was">{formatFen(sku.priceFen)}</s>}
          <div class="muted-note" data-testid="sku-stock">
            {sku ? (sku.available > 0 ? t('product.stock', { count: sku.available }) : t('product.soldOut')) : t('product.choose', { name: missing?.name ?? '' })}
          </div>
        </div>
      </div>
      {options.map((option) => (
        <div key={option.name} class="spec">
          <div class="spec__name">{option.name}</div>
          <div class="spec__values">
            {option.values.map((value) => {
              const chosen = selection[option.name] === value;
              return (
                <button
                  key={value}
                  type="button"
                  class={`spec__value${chosen ? ' spec__value--chosen' : ''}`}
                  data-testid="spec-value"
                  disabled={!chosen && !canChoose(product.skus, selection, option.name, value)}
                  onClick={() => {
                    setSelection(choose(selection, option.name, value));
                    setQuantity(1);
                  }}
                >
                  {value}
                </button>
              );
            })}
          </div>
        </div>
      ))}
      <div class="spec spec--row">
        <div class="spec__name">{t('product.quantity')}</div>
        <Stepper value={quantity} min={1} max={max} onChange={setQuantity} testId="quantity" />
      </div>
      <div class="sheet__actions">
        <button type="button" class="button button--cart" data-testid="add-to-cart" disabled={!ready} onClick={() => sku && onAdd(sku.skuId, quantity)}>
          {t('product.addToCart')}
        </button>
        <button type="button" class="button button--buy" data-testid="buy-now" disabled={!ready} onClick={() => sku && onBuy(sku.skuId, quantity)}>
          {t('product.buyNow')}
        </button>
      </div>
    </Sheet>
  );
}
