/** @jsxImportSource preact */
import type { LineupProductView, PublicLiveSessionView } from '@livedesk/contracts';
import { useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { clock } from '../lib/format';
import { onThisServer } from '../lib/urls';
import { formatFen } from '../../lib/money';
import { Icon } from '../ui/icons';
import { LanguageSwitch } from '../ui/LanguageSwitch';

const ProductThumb = ({ product }: { product: LineupProductView }) =>
  product.imageUrl ? <img class="product-row__image" src={product.imageUrl} alt="" loading="lazy" /> : <div class="product-row__image product-row__image--none" />;

/** After the show: the recording, each product's 讲解 as a jump into it, and the lineup to buy from. */
export function ReplayView({ session, onBuy }: { session: PublicLiveSessionView; onBuy: (productId: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const moments = session.explanations
    .filter((e) => e.replayOffsetMs !== null)
    .sort((a, b) => (a.replayOffsetMs ?? 0) - (b.replayOffsetMs ?? 0))
    .flatMap((e) => {
      const product = session.products.find((p) => p.productId === e.productId);
      return product ? [{ product, offsetMs: e.replayOffsetMs ?? 0 }] : [];
    });

  const jump = (offsetMs: number) => {
    const element = video.current;
    if (!element) return;
    element.currentTime = offsetMs / 1000;
    void element.play().catch(() => undefined);
  };

  return (
    <div class="replay" data-testid="replay">
      <div class="replay__head">
        <span class="replay__badge">{t('replay.badge')}</span>
        <h1 class="replay__title">{session.title}</h1>
        <LanguageSwitch />
      </div>
      {session.replayUrl ? (
        <video ref={video} class="replay__video" data-testid="replay-video" src={onThisServer(session.replayUrl, session.roomUrl, window.location.origin)} controls playsInline preload="metadata" />
      ) : (
        <div class="replay__none">{t('replay.none')}</div>
      )}
      {moments.length > 0 && session.replayUrl && (
        <>
          <h2 class="replay__section">{t('replay.moments')}</h2>
          <ul class="replay__list">
            {moments.map(({ product, offsetMs }, i) => (
              <li key={`${product.productId}-${i}`} class="product-row" data-testid="replay-moment">
                <ProductThumb product={product} />
                <div class="product-row__main">
                  <div class="product-row__title">{product.title}</div>
                  <div class="price">{formatFen(product.fromPriceFen)}</div>
                </div>
                <button type="button" class="button button--ghost" data-testid="replay-jump" onClick={() => jump(offsetMs)}>
                  <Icon name="play" size={14} filled /> {clock(offsetMs)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 class="replay__section">{t('replay.products')}</h2>
      <ul class="replay__list">
        {session.products.map((product) => (
          <li key={product.productId} class="product-row" data-testid="replay-item">
            <ProductThumb product={product} />
            <div class="product-row__main">
              <div class="product-row__title">{product.title}</div>
              <div class="price">{formatFen(product.fromPriceFen)}</div>
            </div>
            <button type="button" class="button button--buy" data-testid="product-buy" data-product-id={product.productId} onClick={() => onBuy(product.productId)}>
              {t('product.buy')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
