/** @jsxImportSource preact */
import type Mpegts from 'mpegts.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { backoffDelay, type Backoff } from '../../lib/backoff';
import { Icon } from '../ui/icons';

/** No progress for this long while meant to be playing counts as a stall: the stream is reopened. */
const STALL_MS = 8000;
const STALL_CHECK_MS = 2000;
/** A stream that drops usually comes back within seconds (OBS reconnects), so retries stay frequent. */
const playerBackoff: Backoff = { baseMs: 1000, maxMs: 10_000 };

type Phase = 'loading' | 'playing' | 'retrying' | 'unsupported';

/**
 * HTTP-FLV through mpegts.js (loaded on demand: it is the page's biggest dependency and the waiting
 * room and the replay never need it). Starts muted, since browsers only autoplay muted video; reopens
 * the stream with backoff on errors, on the end of the stream (the anchor's OBS reconnecting) and on stalls.
 */
export function LivePlayer({ url }: { url: string }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [muted, setMuted] = useState(true);

  useEffect(() => {
    const element = video.current;
    if (!element) return undefined;
    let disposed = false;
    let player: Mpegts.Player | null = null;
    let attempt = 0;
    let retryTimer = 0;
    let lastTime = -1;
    let lastProgressAt = Date.now();

    const close = () => {
      if (!player) return;
      const old = player;
      player = null;
      old.pause();
      old.unload();
      old.detachMediaElement();
      old.destroy();
    };

    const retry = () => {
      if (disposed || retryTimer) return;
      close();
      setPhase('retrying');
      retryTimer = window.setTimeout(() => {
        retryTimer = 0;
        void open();
      }, backoffDelay(attempt++, Math.random(), playerBackoff));
    };

    const open = async () => {
      const { default: mpegts } = await import('mpegts.js');
      if (disposed) return;
      // Its per-segment info logs would flood a phone's console; warnings and errors stay.
      Object.assign(mpegts.LoggingControl, { enableVerbose: false, enableDebug: false, enableInfo: false });
      if (!mpegts.getFeatureList().mseLivePlayback) {
        setPhase('unsupported');
        return;
      }
      setPhase((p) => (p === 'playing' ? p : 'loading'));
      const created = mpegts.createPlayer(
        { type: 'flv', isLive: true, url },
        // Low latency over smoothness: this is a sales room, the anchor answers comments.
        { enableStashBuffer: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 3, liveBufferLatencyMinRemain: 0.5, lazyLoad: false },
      );
      player = created;
      created.on(mpegts.Events.ERROR, retry);
      created.on(mpegts.Events.LOADING_COMPLETE, retry);
      created.attachMediaElement(element);
      created.load();
      lastProgressAt = Date.now();
      const started = created.play();
      if (started) started.catch(() => undefined);
    };

    const onTime = () => {
      if (element.currentTime !== lastTime) {
        lastTime = element.currentTime;
        lastProgressAt = Date.now();
      }
    };
    const onPlaying = () => {
      attempt = 0;
      setPhase('playing');
    };
    element.addEventListener('timeupdate', onTime);
    element.addEventListener('playing', onPlaying);
    const watchdog = window.setInterval(() => {
      if (player && !element.paused && Date.now() - lastProgressAt > STALL_MS) retry();
    }, STALL_CHECK_MS);

    void open();
    return () => {
      disposed = true;
      window.clearTimeout(retryTimer);
      window.clearInterval(watchdog);
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('playing', onPlaying);
      close();
    };
  }, [url]);

  const unmute = () => {
    const element = video.current;
    if (!element) return;
    element.muted = false;
    setMuted(false);
    void element.play().catch(() => undefined);
  };

  return (
    <div class="stage">
      <video ref={video} class="stage__video" data-testid="viewer-video" muted autoplay playsInline />
      {phase !== 'playing' && (
        <div class="stage__status" data-testid="player-status">
          {phase === 'unsupported' ? t('player.unsupported') : phase === 'retrying' ? t('player.reconnecting') : t('player.loading')}
        </div>
      )}
      {muted && phase === 'playing' && (
        <button type="button" class="chip unmute" data-testid="unmute" onClick={unmute}>
          <Icon name="muted" size={16} /> {t('player.unmute')}
        </button>
      )}
    </div>
  );
}
