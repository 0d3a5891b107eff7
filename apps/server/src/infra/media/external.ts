import { timingSafeEqual } from 'node:crypto';
import type { StreamHealth } from '@livedesk/contracts';
import { idleHealth, STREAM_NAME, type MediaEvents, type MediaLog, type MediaServer, type PublishRequest, type Replay } from './port.js';

export interface ExternalMediaOptions {
  /** what OBS is told: the external server's RTMP application URL */
  rtmpUrl: string;
  /** HTTP-FLV URL of a stream on the external server, `{stream}` replaced by the stream name */
  playUrlTemplate: string;
  /** the `?secret=` the external server's hook URLs carry; without it every hook is refused */
  hookSecret: string | undefined;
  log: MediaLog;
  now?: () => number;
}

/** A hook call from the external server about one of its clients. */
export interface HookClient {
  streamName: string;
  /** the media server's id of the RTMP connection */
  clientId: string;
}

export type HookAuth = 'ok' | 'not_configured' | 'wrong_secret';

/**
 * SRS or nginx-rtmp does the ingest, playback and recording; LiveDesk only hears about publishes through
 * their HTTP hooks (modules/media-hooks) and decides them. Health is what the hooks say (publishing,
 * since when). A kick takes effect only where the server asks again: nginx-rtmp's `on_update`, which is
 * refused for a kicked publisher; SRS has no such hook, so a kick there only stops the next publish.
 */
export class ExternalMediaServer implements MediaServer {
  readonly kind = 'external' as const;
  private readonly publishing = new Map<string, { clientId: string; since: number }>();
  private readonly kicked = new Set<string>();
  private readonly now: () => number;
  private events: MediaEvents | null = null;

  constructor(private readonly options: ExternalMediaOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(events: MediaEvents): Promise<void> {
    this.events = events;
    if (!this.options.hookSecret) {
      this.options.log.error({}, 'media: LIVEDESK_MEDIA_HOOK_SECRET is not set, so every publish hook is refused');
    }
  }

  rtmpPort(): number | null {
    return null;
  }

  ingestUrl(): string {
    return this.options.rtmpUrl;
  }

  playUrl(streamName: string): string {
    return this.options.playUrlTemplate.replaceAll('{stream}', encodeURIComponent(streamName));
  }

  health(streamName: string): StreamHealth {
    const current = this.publishing.get(streamName);
    return current ? { ...idleHealth(), publishing: true, since: current.since } : idleHealth();
  }

  async kick(streamName: string): Promise<void> {
    const current = this.publishing.get(streamName);
    if (current) this.kicked.add(current.clientId);
  }

  async replay(): Promise<Replay | null> {
    return null;
  }

  async close(): Promise<void> {
    this.events = null;
  }

  /** Compares the hook URL's `?secret=` in constant time. */
  checkHookSecret(given: string | undefined): HookAuth {
    const expected = this.options.hookSecret;
    if (!expected) return 'not_configured';
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong_secret';
  }

  /** `on_publish`: true lets the external server start the publish. */
  async publish(client: HookClient, request: Omit<PublishRequest, 'streamName'>): Promise<boolean> {
    const events = this.events;
    if (!events || !STREAM_NAME.test(client.streamName)) return false;
    let allowed = false;
    try {
      allowed = await events.authorizePublish({ streamName: client.streamName, ...request });
    } catch (err) {
      this.options.log.error({ err, stream: client.streamName }, 'media: publish authorisation failed');
    }
    if (!allowed) return false;
    const previous = this.publishing.get(client.streamName);
    if (previous) this.notify('unpublished', client.streamName);
    this.publishing.set(client.streamName, { clientId: client.clientId, since: this.now() });
    this.notify('published', client.streamName);
    return true;
  }

  /** `on_unpublish` / `on_publish_done`; a late call about a publisher already replaced is ignored. */
  unpublish(client: HookClient): void {
    const current = this.publishing.get(client.streamName);
    if (current?.clientId !== client.clientId) return;
    this.publishing.delete(client.streamName);
    this.kicked.delete(client.clientId);
    this.notify('unpublished', client.streamName);
  }

  /** nginx-rtmp's periodic `on_update`: false makes it drop the publisher. */
  stillAllowed(client: HookClient): boolean {
    return !this.kicked.has(client.clientId);
  }

  /** A listener's failure must not turn into a refused hook: the publish is on air either way. */
  private notify(event: 'published' | 'unpublished', streamName: string) {
    try {
      this.events?.[event](streamName);
    } catch (err) {
      this.options.log.error({ err, stream: streamName, event }, 'media: event listener failed');
    }
  }
}
