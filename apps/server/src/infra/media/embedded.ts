import type { Readable } from 'node:stream';
import type { StreamHealth } from '@livedesk/contracts';
import { LiveStream } from './live-stream.js';
import { idleHealth, STREAM_NAME, type MediaEvents, type MediaLog, type MediaServer, type Replay } from './port.js';
import { Recorder, type Segment } from './recorder.js';
import { listenRtmp, type Publisher, type RtmpIngest } from './rtmp.js';

export interface EmbeddedMediaOptions {
  /** 0 picks a free port (tests run in parallel) */
  rtmpPort: number;
  /** what OBS is told, e.g. `rtmp://host:1935/live`; with port 0 its port is replaced by the one picked */
  rtmpUrl: string;
  /** base of the play and replay URLs, no trailing slash */
  publicUrl: string;
  /** `<dataDir>/recordings` */
  recordingsDir: string;
  /** ffmpeg's path; null: recordings stay FLV and there is no replay */
  ffmpeg: string | null;
  log: MediaLog;
  now?: () => number;
}

interface Publication {
  publisher: Publisher;
  stream: LiveStream;
  segment: Segment;
}

/**
 * RTMP ingest inside the LiveDesk process, on node-media-server's RTMP engine: publishes are authorised by
 * the live-sessions module, streams are played as HTTP-FLV through our own HTTP server
 * (`/media/live/<stream>.flv`, see http.ts) and recorded for replay.
 */
export class EmbeddedMediaServer implements MediaServer {
  readonly kind = 'embedded' as const;
  readonly recordingsDir: string;
  private readonly recorder: Recorder;
  private readonly publications = new Map<string, Publication>();
  private readonly now: () => number;
  private ingest: RtmpIngest | null = null;
  private events: MediaEvents | null = null;

  constructor(private readonly options: EmbeddedMediaOptions) {
    this.now = options.now ?? Date.now;
    this.recordingsDir = options.recordingsDir;
    this.recorder = new Recorder({
      dir: options.recordingsDir,
      ffmpeg: options.ffmpeg,
      replayUrl: (name) => `${options.publicUrl}/media/replay/${name}.mp4`,
      log: options.log,
      replayReady: (name) => this.notify('replayReady', name),
    });
  }

  async start(events: MediaEvents): Promise<void> {
    this.events = events;
    if (!this.options.ffmpeg) this.options.log.warn({}, 'media: ffmpeg is not on PATH; shows are recorded as FLV but get no replay');
    this.ingest = await listenRtmp(
      this.options.rtmpPort,
      {
        authorize: (attempt) =>
          STREAM_NAME.test(attempt.streamName)
            ? events.authorizePublish({ streamName: attempt.streamName, sign: attempt.query.get('sign'), clientIp: attempt.clientIp })
            : Promise.resolve(false),
        started: (publisher) => this.started(publisher),
        packet: (publisher, packet) => {
          const current = this.publications.get(publisher.attempt.streamName);
          if (current?.publisher === publisher) current.stream.ingest(packet);
        },
        ended: (publisher) => {
          const current = this.publications.get(publisher.attempt.streamName);
          if (current?.publisher === publisher) this.finish(current);
        },
      },
      this.options.log,
    );
    this.options.log.info({ port: this.ingest.port }, 'media: RTMP ingest listening');
  }

  rtmpPort(): number | null {
    return this.ingest?.port ?? null;
  }

  ingestUrl(): string {
    if (this.options.rtmpPort !== 0 || !this.ingest) return this.options.rtmpUrl;
    const url = new URL(this.options.rtmpUrl);
    url.port = String(this.ingest.port);
    return url.href;
  }

  playUrl(streamName: string): string {
    return `${this.options.publicUrl}/media/live/${streamName}.flv`;
  }

  /** A viewer's HTTP-FLV stream, or null when nobody publishes the stream. */
  play(streamName: string): Readable | null {
    return this.publications.get(streamName)?.stream.play() ?? null;
  }

  health(streamName: string): StreamHealth {
    return this.publications.get(streamName)?.stream.health() ?? idleHealth();
  }

  async kick(streamName: string): Promise<void> {
    const publication = this.publications.get(streamName);
    if (!publication) return;
    publication.publisher.close();
    await publication.publisher.closed;
  }

  replay(streamName: string): Promise<Replay | null> {
    return this.recorder.replay(streamName);
  }

  /** Shutting down is not the publisher leaving: no `unpublished`, so shows stay live for the restarted server. */
  async close(): Promise<void> {
    this.events = null;
    const closing = this.ingest?.close();
    for (const publication of this.publications.values()) this.finish(publication);
    await closing;
    await this.recorder.close();
  }

  /**
   * A newer authorised publish of a stream replaces the one on air: an encoder reconnecting after a network
   * drop is often faster than the server noticing that the old connection died.
   */
  private started(publisher: Publisher) {
    const name = publisher.attempt.streamName;
    const previous = this.publications.get(name);
    if (previous) {
      this.finish(previous);
      previous.publisher.close();
    }
    const startedAt = this.now();
    const segment = this.recorder.begin(name, startedAt);
    this.publications.set(name, { publisher, stream: new LiveStream(name, startedAt, this.now, segment), segment });
    this.options.log.info({ stream: name, clientIp: publisher.attempt.clientIp }, 'media: publish started');
    this.notify('published', name);
  }

  private finish(publication: Publication) {
    const name = publication.stream.name;
    this.publications.delete(name);
    publication.stream.end();
    void this.recorder.finish(name, publication.segment);
    this.options.log.info({ stream: name }, 'media: publish ended');
    this.notify('unpublished', name);
  }

  /** Listeners run inside socket callbacks: their failure is logged, never thrown into the RTMP connection. */
  private notify(event: 'published' | 'unpublished' | 'replayReady', streamName: string) {
    try {
      this.events?.[event]?.(streamName);
    } catch (err) {
      this.options.log.error({ err, stream: streamName, event }, 'media: event listener failed');
    }
  }
}
