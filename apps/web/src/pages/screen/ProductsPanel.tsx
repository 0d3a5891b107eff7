import type { LiveMetricsSnapshot, ProductRank } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/liveMetrics';
import { formatFen } from '../../lib/money';
import { Panel } from './Panel';

const SHOWN = 7;

const byGmvThenClicks = (a: ProductRank, b: ProductRank) => b.gmvFen - a.gmvFen || b.clicks - a.clicks || a.productId.localeCompare(b.productId);

/** The products selling best, and what each did in the last five minutes. */
export function ProductsPanel({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const ranked = [...snapshot.products].sort(byGmvThenClicks).slice(0, SHOWN);
  const topGmv = Math.max(1, ranked[0]?.gmvFen ?? 0);
  return (
    <Panel title={t('screen.products')} note={t('screen.productsHint')} metrics={['productClickUv', 'gmvFen', 'itemsSold']} className="screen-products" testId="screen-products">
      <div className="screen-products-head">
        <span>{t('screen.productColumns.rank')}</span>
        <span>{t('screen.productColumns.title')}</span>
        <span>{t('screen.productColumns.clicks')}</span>
        <span>{t('screen.productColumns.gmv')}</span>
        <span>{t('screen.productColumns.last5m')}</span>
      </div>
      {ranked.length === 0 && <div className="screen-empty">{t('screen.noProducts')}</div>}
      <ol className="screen-products-list">
        {ranked.map((product, index) => (
          <li key={product.productId} className="screen-product" data-testid="screen-product" data-product-id={product.productId}>
            <span className={`screen-rank screen-rank-${index + 1}`}>{index + 1}</span>
            <span className="screen-product-title" title={product.title ?? undefined}>
              {product.title ?? t('screen.untitledProduct', { id: product.productId.slice(-6) })}
            </span>
            <span data-field="clicks" data-value={product.clicks}>
              {formatCount(product.clicks)}
            </span>
            <span className="screen-product-gmv" data-field="gmvFen" data-value={product.gmvFen}>
              {formatFen(product.gmvFen)}
            </span>
            <span className="screen-product-recent" data-field="last5m" data-clicks={product.last5m.clicks} data-gmv={product.last5m.gmvFen}>
              {t('screen.last5m', { clicks: formatCount(product.last5m.clicks), gmv: formatFen(product.last5m.gmvFen) })}
            </span>
            <span className="screen-product-share" style={{ width: `${(100 * product.gmvFen) / topGmv}%` }} aria-hidden />
          </li>
        ))}
      </ol>
    </Panel>
  );
}
