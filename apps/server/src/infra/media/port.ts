import type { StreamHealth } from '@livedesk/contracts';

/**
 * A publisher asking to go live. OBS is given server `rtmp://host:port/live` and stream key
 * `<sessionId>?sign=<secret>`: the stream name is the live session's id, the secret travels as a query
 * parameter, and playback URLs carry only the name.
 */
export interface PublishRequest {
  streamName: string;
  sign: string | null;
  clientIp: string | null;
}

/** What the media server reports to the live-sessions module. */
export interface MediaEvents {
  /** decides a publish; false (or a throw) refuses it and the publisher is disconnected */
  authorizePublish(req: PublishRequest): Promise<boolean>;
  /** an authorised publish started */
  published(streamName: string): void;
  /** the publisher is gone: closed, dropped, kicked or replaced by a newer publish of the same stream */
  unpublished(streamName: string): void;
  /** a newer replay of the stream's recordings is ready (after an unpublish, once remuxed) */
  replayReady?(streamName: string): void;
}

/** One publish of a show inside its replay, in order: where wall-clock times land in the video. */
export interface ReplaySegment {
  startedAt: number;
  durationMs: number;
}

export interface Replay {
  /** an MP4 that a <video> element can seek (served with range requests) */
  url: string;
  segments: ReplaySegment[];
}

export interface MediaServer {
  readonly kind: 'embedded' | 'external';
  start(events: MediaEvents): Promise<void>;
  /** the RTMP port listened on (the configured one, or the one picked for port 0); null when external */
  rtmpPort(): number | null;
  /** what OBS is given as "server", e.g. `rtmp://live.example.com:1935/live` */
  ingestUrl(): string;
  /** absolute HTTP-FLV URL of a stream, for the viewer page */
  playUrl(streamName: string): string;
  /** the publisher as the media server sees it; `publishing: false` when nobody publishes */
  health(streamName: string): StreamHealth;
  /** disconnects the publisher (stream key rotated, show ended by staff) */
  kick(streamName: string): Promise<void>;
  /** the show's recording once a publish ended and was remuxed, else null */
  replay(streamName: string): Promise<Replay | null>;
  close(): Promise<void>;
}

/** The subset of pino's logger the media servers write to. */
export interface MediaLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Stream names become file and URL path segments: the session ids (UUIDv7) fit, nothing that could escape does. */
export const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const idleHealth = (): StreamHealth => ({
  publishing: false,
  since: null,
  videoCodec: null,
  audioCodec: null,
  width: null,
  height: null,
  fps: null,
  bitrateKbps: null,
  viewers: 0,
});
