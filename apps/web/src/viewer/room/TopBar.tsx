/** @jsxImportSource preact */
import type { PublicLiveSessionView } from '@livedesk/contracts';
import { useI18n } from '../i18n/i18n';
import { compactCount } from '../lib/format';
import { Icon } from '../ui/icons';
import { LanguageSwitch } from '../ui/LanguageSwitch';

interface Props {
  session: PublicLiveSessionView;
  online: number;
  likes: number;
  following: boolean;
  onFollow: () => void;
  onShare: () => void;
}

/** The anchor's pill (name, likes, follow) on the left; online count, language and share on the right. */
export function TopBar({ session, online, likes, following, onFollow, onShare }: Props) {
  const { t, language } = useI18n();
  const host = session.anchors[0]?.name ?? session.title;
  return (
    <header class="topbar">
      <div class="anchor">
        <div class="anchor__avatar" aria-hidden="true">
          {session.coverUrl ? <img src={session.coverUrl} alt="" /> : [...host][0]}
        </div>
        <div class="anchor__text">
          <div class="anchor__name" data-testid="room-title">
            {session.title}
          </div>
          <div class="anchor__meta">{t('room.likes', { count: compactCount(likes, language) })}</div>
        </div>
        {!following && (
          <button type="button" class="anchor__follow" data-testid="follow-button" onClick={onFollow}>
            {t('room.follow')}
          </button>
        )}
      </div>
      <div class="topbar__right">
        <div class="online" data-testid="online-count">
          {t('room.online', { count: compactCount(online, language) })}
        </div>
        <LanguageSwitch />
        <button type="button" class="icon-button icon-button--glass" data-testid="share-button" aria-label={t('room.share')} onClick={onShare}>
          <Icon name="share" size={18} />
        </button>
      </div>
    </header>
  );
}
