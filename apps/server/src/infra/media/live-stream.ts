import { PassThrough, type Readable } from 'node:stream';
import type { StreamHealth } from '@livedesk/contracts';
import type AVPacket from 'node-media-server/src/core/avpacket.js';
import amf from 'node-media-server/src/protocol/amf.js';
import Flv from 'node-media-server/src/protocol/flv.js';
import { RateWindow } from './rate-window.js';

/** A viewer this far behind is cut off (its player reconnects and starts at the newest key frame) rather than buffered without bound. */
const VIEWER_BACKLOG_BYTES = 4 * 1024 * 1024;
/** A publisher that never sends key frames must not grow the join cache without bound. */
const GOP_CACHE_BYTES = 16 * 1024 * 1024;

const FLV_HEADER = Flv.createHeader(true, true);

/** NMS's packet flags */
const Flag = { AudioHeader: 0, AudioFrame: 1, VideoHeader: 2, KeyFrame: 3, InterFrame: 4, Metadata: 5 } as const;

const fourCc = (id: number) => Buffer.from([id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff]).toString('latin1');
const videoCodecs: Record<string, string> = { '7': 'h264', '12': 'hevc', '2': 'h263', '4': 'vp6', hvc1: 'hevc', av01: 'av1', vp09: 'vp9' };
const audioCodecs: Record<string, string> = {
  '10': 'aac',
  '2': 'mp3',
  '11': 'speex',
  '7': 'pcm_alaw',
  '8': 'pcm_mulaw',
  mp4a: 'aac',
  Opus: 'opus',
  '.mp3': 'mp3',
  fLaC: 'flac',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
};
const AUDIO_EX_HEADER = 9;

export interface TagSink {
  write(tag: Buffer): void;
}

/**
 * One publish as an FLV stream: fans every tag out to the HTTP-FLV viewers and the recording, keeps what a
 * viewer joining mid-stream needs (metadata, codec headers, the current group of pictures) and measures
 * the publisher for the stream-health panel.
 */
export class LiveStream {
  private metadata: Buffer | null = null;
  private audioHeader: Buffer | null = null;
  private videoHeader: Buffer | null = null;
  private gop: Buffer[] = [];
  private gopBytes = 0;
  private readonly viewers = new Set<PassThrough>();
  private readonly rates = new RateWindow();
  private videoCodec: string | null = null;
  private audioCodec: string | null = null;
  private width: number | null = null;
  private height: number | null = null;

  constructor(
    readonly name: string,
    readonly since: number,
    private readonly now: () => number,
    private readonly recording: TagSink | null,
  ) {
    recording?.write(FLV_HEADER);
  }

  ingest(packet: AVPacket): void {
    const tag = packet.flags === Flag.Metadata ? this.metadataTag(packet) : Flv.createMessage(packet);
    if (!tag) return;
    switch (packet.flags) {
      case Flag.AudioHeader:
        this.audioHeader = tag;
        this.audioCodec = this.audioCodecOf(packet);
        break;
      case Flag.VideoHeader:
        this.videoHeader = tag;
        this.videoCodec = videoCodecs[packet.codec_id > 0xffff ? fourCc(packet.codec_id) : String(packet.codec_id)] ?? null;
        break;
      case Flag.Metadata:
        this.metadata = tag;
        break;
      case Flag.KeyFrame:
        this.gop = [tag];
        this.gopBytes = tag.length;
        break;
      case Flag.AudioFrame:
      case Flag.InterFrame:
        if (this.gop.length > 0) this.cache(tag);
        break;
    }
    const videoFrame = packet.flags === Flag.KeyFrame || packet.flags === Flag.InterFrame;
    this.rates.add(this.now(), packet.size, videoFrame ? 1 : 0);
    this.recording?.write(tag);
    for (const viewer of this.viewers) this.send(viewer, tag);
  }

  /** A new HTTP-FLV viewer: starts at the last key frame so the picture appears at once. */
  play(): Readable {
    const viewer = new PassThrough();
    for (const tag of [FLV_HEADER, this.metadata, this.audioHeader, this.videoHeader, ...this.gop]) {
      if (tag) viewer.write(tag);
    }
    this.viewers.add(viewer);
    viewer.on('close', () => this.viewers.delete(viewer));
    return viewer;
  }

  health(): StreamHealth {
    return {
      publishing: true,
      since: this.since,
      videoCodec: this.videoCodec,
      audioCodec: this.audioCodec,
      width: this.width,
      height: this.height,
      ...this.rates.rates(this.now(), this.since),
      viewers: this.viewers.size,
    };
  }

  /** The publish is over: viewers get the end of their stream (players reconnect and find the next publish). */
  end(): void {
    for (const viewer of this.viewers) viewer.end();
  }

  private send(viewer: PassThrough, tag: Buffer) {
    if (viewer.writableLength > VIEWER_BACKLOG_BYTES) viewer.destroy();
    else viewer.write(tag);
  }

  private cache(tag: Buffer) {
    this.gopBytes += tag.length;
    if (this.gopBytes <= GOP_CACHE_BYTES) this.gop.push(tag);
    else this.gop = [];
  }

  /** RTMP encoders send `@setDataFrame onMetaData {…}`; an FLV file and player expect `onMetaData {…}`. */
  private metadataTag(packet: AVPacket): Buffer | null {
    const script = amf.decodeAmf0Data(packet.data.subarray(0, packet.size));
    const isMetadata = script.cmd === 'onMetaData' || (script.cmd === '@setDataFrame' && script.method === 'onMetaData');
    if (!isMetadata || typeof script.dataObj !== 'object' || script.dataObj === null) return null;
    const data = script.dataObj as Record<string, unknown>;
    if (typeof data.width === 'number' && data.width > 0) this.width = Math.round(data.width);
    if (typeof data.height === 'number' && data.height > 0) this.height = Math.round(data.height);
    const payload = amf.encodeAmf0Data({ cmd: 'onMetaData', dataObj: data });
    return Flv.createMessage({ ...packet, data: payload, size: payload.length });
  }

  private audioCodecOf(packet: AVPacket): string | null {
    const id = packet.codec_id === AUDIO_EX_HEADER ? packet.data.subarray(1, 5).toString('latin1') : String(packet.codec_id);
    return audioCodecs[id] ?? null;
  }
}
