/** @jsxImportSource preact */
import type { PublicLiveSessionView } from '@livedesk/contracts';
import { useI18n } from '../i18n/i18n';
import { splitDays } from '../lib/format';
import { useNow } from '../ui/hooks';

/** Before the show: the cover, the title and the countdown to the planned start. */
export function WaitingRoom({ session }: { session: PublicLiveSessionView }) {
  const { t } = useI18n();
  const startAt = session.scheduledStartAt;
  const now = useNow(1000, startAt !== null);
  const left = startAt === null ? 0 : startAt - now;
  const { days, clock } = splitDays(left);
  return (
    <div class="stage stage--waiting" data-testid="waiting-room">
      {session.coverUrl && <img class="stage__cover" src={session.coverUrl} alt="" />}
      <div class="waiting">
        <div class="waiting__badge">{t('waiting.badge')}</div>
        <h1 class="waiting__title">{session.title}</h1>
        {startAt !== null && left > 0 ? (
          <>
            <div class="waiting__label">{t('waiting.startsIn')}</div>
            <div class="waiting__clock" data-testid="waiting-countdown">
              {days > 0 ? t('waiting.daysClock', { days, clock }) : clock}
            </div>
            <div class="waiting__at">{t('waiting.at', { time: new Date(startAt).toLocaleString() })}</div>
          </>
        ) : (
          <div class="waiting__label">{t('waiting.soon')}</div>
        )}
      </div>
    </div>
  );
}
