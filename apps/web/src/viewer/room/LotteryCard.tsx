/** @jsxImportSource preact */
import type { LotteryVerificationView } from '@livedesk/contracts';
import { useEffect, useState } from 'preact/hooks';
import { viewerApi } from '../api';
import { useI18n, type Translate } from '../i18n/i18n';
import { clock } from '../lib/format';
import { Sheet } from '../ui/Sheet';
import type { LotteryView } from './state';

const ruleText = (lottery: LotteryView, t: Translate) =>
  lottery.rule.kind === 'comment'
    ? t('lottery.ruleComment', { keyword: lottery.rule.keyword })
    : lottery.rule.kind === 'follow'
      ? t('lottery.ruleFollow')
      : t('lottery.rulePresence');

/** 福袋: a small badge on the video that opens the lottery's card. */
export function LotteryBadge({ lottery, now, onOpen }: { lottery: LotteryView; now: number; onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" class="lottery-badge" data-testid="lottery-badge" onClick={onOpen}>
      <span class="lottery-badge__bag" aria-hidden="true" />
      <span class="lottery-badge__label">{t('lottery.title')}</span>
      <span class="lottery-badge__clock">{lottery.status === 'open' ? clock(lottery.drawAt - now) : t('lottery.drawn')}</span>
    </button>
  );
}

/**
 * The lottery's prize, rule and countdown with the enter button; after the draw, the winners and the
 * revealed seed, which anyone can check against the hash published at the start.
 */
export function LotterySheet({ lottery, now, following, onEnter, onClose }: { lottery: LotteryView; now: number; following: boolean; onEnter: (lottery: LotteryView) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [showProof, setShowProof] = useState(false);
  // After the draw, the public verification record has the final entrant count, and the result for a
  // viewer who was not in the room when it was drawn.
  const [record, setRecord] = useState<LotteryVerificationView | null>(null);
  const drawn = lottery.status === 'drawn';
  useEffect(() => {
    if (!drawn) return undefined;
    let current = true;
    viewerApi.lottery(lottery.lotteryId).then(
      (loaded) => current && setRecord(loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [drawn, lottery.lotteryId]);
  const winners = lottery.winners ?? record?.winners ?? null;
  const seed = lottery.seed ?? record?.seed ?? null;
  const entrants = record?.entrants.length ?? lottery.entrants;
  const open = lottery.status === 'open' && now < lottery.drawAt;
  const enterLabel =
    lottery.rule.kind === 'comment' ? t('lottery.enterComment', { keyword: lottery.rule.keyword }) : lottery.rule.kind === 'follow' && !following ? t('lottery.enterFollow') : t('lottery.enter');
  return (
    <Sheet title={t('lottery.title')} onClose={onClose} testId="lottery-card">
      <div class="lottery">
        <div class="lottery__prize" data-testid="lottery-prize">
          {lottery.prize}
        </div>
        <div class="lottery__facts">
          <span>{t('lottery.winners', { count: lottery.winnerCount })}</span>
          <span>{t('lottery.entrants', { count: entrants })}</span>
        </div>
        <div class="lottery__rule">{ruleText(lottery, t)}</div>
        {lottery.status === 'open' && (
          <div class="lottery__clock" data-testid="lottery-countdown">
            {t('lottery.drawIn', { clock: clock(lottery.drawAt - now) })}
          </div>
        )}
        {lottery.status === 'open' &&
          (lottery.entered ? (
            <div class="lottery__entered" data-testid="lottery-entered">
              {t('lottery.entered')}
            </div>
          ) : (
            <button type="button" class="button button--primary button--block" data-testid="lottery-enter" disabled={!open} onClick={() => onEnter(lottery)}>
              {enterLabel}
            </button>
          ))}
        {lottery.status === 'cancelled' && <div class="lottery__entered">{t('lottery.cancelled')}</div>}
        {lottery.status === 'drawn' && (
          <div class="lottery__result" data-testid="lottery-result">
            <h3>{t('lottery.result')}</h3>
            {winners === null ? (
              <p class="muted-note">{t('common.loading')}</p>
            ) : winners.length === 0 ? (
              <p class="muted-note">{t('lottery.noWinners')}</p>
            ) : (
              <ul class="lottery__winners">
                {winners.map((w) => (
                  <li key={w.identity} data-testid="lottery-winner">
                    {w.nickname}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="button" class="link-button" onClick={() => setShowProof((s) => !s)}>
          {t('lottery.proof')}
        </button>
        {showProof && (
          <dl class="lottery__proof">
            <dt>{t('lottery.seedHash')}</dt>
            <dd data-testid="lottery-seed-hash">{lottery.seedHash}</dd>
            <dt>{t('lottery.seed')}</dt>
            <dd data-testid="lottery-seed">{seed ?? t('lottery.seedHidden')}</dd>
            <dd class="muted-note">
              {t('lottery.proofHow')}{' '}
              <a href={`/api/v1/store/lotteries/${encodeURIComponent(lottery.lotteryId)}`} target="_blank" rel="noopener">
                {t('lottery.proofData')}
              </a>
            </dd>
          </dl>
        )}
      </div>
    </Sheet>
  );
}

/** The viewer won: shown until dismissed or claimed. */
export function WinNotice({ prize, onClaim, onClose }: { prize: string; onClaim: () => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div class="modal-layer">
      <div class="win" role="alertdialog" data-testid="lottery-won">
        <div class="win__bag" aria-hidden="true" />
        <h2 class="win__title">{t('lottery.wonTitle')}</h2>
        <p class="win__prize">{prize}</p>
        <button type="button" class="button button--primary button--block" data-testid="lottery-claim" onClick={onClaim}>
          {t('lottery.claim')}
        </button>
        <button type="button" class="link-button" onClick={onClose}>
          {t('lottery.later')}
        </button>
      </div>
    </div>
  );
}
