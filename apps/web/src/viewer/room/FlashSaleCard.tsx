/** @jsxImportSource preact */
import type { FlashSaleState } from '@livedesk/contracts';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';
import { clock } from '../lib/format';
import { flashPhase, soldPercent } from '../shop/flash';

/** 秒杀: the price, a countdown to the start or the end, the stock bar and the buy button. */
export function FlashSaleCard({ sale, now, onBuy }: { sale: FlashSaleState; now: number; onBuy: (sale: FlashSaleState) => void }) {
  const { t } = useI18n();
  const phase = flashPhase(sale, now);
  const sold = soldPercent(sale);
  return (
    <div class={`flash flash--${phase}`} data-testid="flash-sale" data-phase={phase}>
      <div class="flash__head">
        <span class="flash__badge">{t('flash.badge')}</span>
        <span class="flash__clock" data-testid="flash-countdown">
          {phase === 'upcoming' && t('flash.startsIn', { clock: clock(sale.startAt - now) })}
          {phase === 'running' && t('flash.endsIn', { clock: clock(sale.endAt - now) })}
          {phase === 'sold_out' && t('flash.soldOut')}
          {phase === 'ended' && t('flash.ended')}
        </span>
      </div>
      <div class="flash__title">{sale.title}</div>
      <div class="flash__prices">
        <span class="price price--light">{formatFen(sale.priceFen)}</span>
        {sale.originalPriceFen > sale.priceFen && <s class="flash__was">{formatFen(sale.originalPriceFen)}</s>}
      </div>
      <div class="stockbar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={sold} data-testid="flash-stock">
        <div class="stockbar__fill" style={{ width: `${sold}%` }} />
        <span class="stockbar__text">{t('flash.remaining', { remaining: sale.remaining, quota: sale.quota })}</span>
      </div>
      <button type="button" class="button button--flash" data-testid="flash-buy" disabled={phase !== 'running'} onClick={() => onBuy(sale)}>
        {phase === 'sold_out' ? t('flash.soldOut') : phase === 'upcoming' ? t('flash.notYet') : phase === 'ended' ? t('flash.ended') : t('flash.buy')}
      </button>
    </div>
  );
}
