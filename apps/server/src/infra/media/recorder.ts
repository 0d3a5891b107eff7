import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from './ffmpeg.js';
import type { TagSink } from './live-stream.js';
import { STREAM_NAME, type MediaLog, type Replay, type ReplaySegment } from './port.js';

/** Smaller than this, a segment holds no key frame (a publisher that dropped at once) and would break the concat. */
const MIN_SEGMENT_BYTES = 4096;
const SEGMENT_FILE = /^(\d+)\.flv$/;

interface ManifestSegment extends ReplaySegment {
  file: string;
}

export interface RecorderOptions {
  /** `<dataDir>/recordings`: one folder per stream, one `<startedAt>.flv` per publish */
  dir: string;
  /** without ffmpeg the FLV segments are kept but there is no replay */
  ffmpeg: string | null;
  replayUrl(streamName: string): string;
  log: MediaLog;
  replayReady(streamName: string): void;
}

/** One publish being written to `<dir>/<stream>/<startedAt>.flv`. */
export class Segment implements TagSink {
  private failed = false;

  constructor(
    readonly fileName: string,
    private readonly file: WriteStream,
    log: MediaLog,
  ) {
    file.on('error', (err) => {
      if (!this.failed) log.error({ err, path: file.path }, 'recording: write failed; the rest of this publish is not recorded');
      this.failed = true;
    });
  }

  write(tag: Buffer): void {
    if (!this.failed) this.file.write(tag);
  }

  end(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()));
  }
}

/**
 * Records every publish and turns a show's recordings into one seekable MP4: after each unpublish the
 * show's FLV segments are concatenated, in order, with `-c copy -movflags +faststart`. Every publish is
 * kept (an OBS reconnect in the middle of a show must not lose the first half); the gaps between
 * publishes are cut, and `replay.json` lists the segments so a wall-clock time maps to a replay position.
 * If the segments cannot be joined without re-encoding (the encoder's settings changed between
 * publishes), the replay is the latest publish alone.
 */
export class Recorder {
  /** the segment file each stream is writing now */
  private readonly open = new Map<string, string>();
  private readonly ending = new Set<Promise<void>>();
  private readonly replays = new Map<string, Replay | null>();
  private readonly queued = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(private readonly options: RecorderOptions) {}

  begin(streamName: string, startedAt: number): Segment {
    const dir = join(this.options.dir, streamName);
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      // the write stream fails to open in the same way, and the segment reports that
    }
    const file = `${startedAt}.flv`;
    this.open.set(streamName, file);
    return new Segment(file, createWriteStream(join(dir, file)), this.options.log);
  }

  /** The publish ended: close its file, then rebuild the replay (one remux at a time, two cores). */
  async finish(streamName: string, segment: Segment): Promise<void> {
    const done = segment.end();
    this.ending.add(done);
    await done;
    this.ending.delete(done);
    if (this.open.get(streamName) === segment.fileName) this.open.delete(streamName);
    this.schedule(streamName);
  }

  async replay(streamName: string): Promise<Replay | null> {
    if (!STREAM_NAME.test(streamName)) return null;
    const known = this.replays.get(streamName);
    if (known !== undefined) return known;
    const manifest = await this.readManifest(streamName);
    const replay = manifest && { url: this.options.replayUrl(streamName), segments: manifest.map(({ startedAt, durationMs }) => ({ startedAt, durationMs })) };
    this.replays.set(streamName, replay);
    // Publishes that ended while the server was stopping (or crashed) were never remuxed: catch up now.
    if (this.options.ffmpeg && !this.open.has(streamName)) {
      const finished = await this.finishedSegments(streamName);
      if (finished.some((s) => !manifest?.some((m) => m.file === s.file))) this.schedule(streamName);
    }
    return replay;
  }

  /** Waits for open recordings to be flushed and for a remux in progress; starts no new one. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.ending);
    await this.queue;
  }

  private schedule(streamName: string) {
    if (!this.options.ffmpeg || this.closing || this.queued.has(streamName)) return;
    this.queued.add(streamName);
    this.queue = this.queue.then(async () => {
      this.queued.delete(streamName);
      try {
        if (await this.remux(streamName)) this.options.replayReady(streamName);
      } catch (err) {
        this.options.log.error({ err, stream: streamName }, 'recording: building the replay failed');
      }
    });
  }

  private async remux(streamName: string): Promise<boolean> {
    const segments = await this.finishedSegments(streamName);
    if (segments.length === 0) return false;
    let joined = await this.concat(streamName, segments);
    if (!joined && segments.length > 1) {
      this.options.log.warn({ stream: streamName }, 'recording: publishes differ in format; the replay keeps the latest one');
      joined = await this.concat(streamName, segments.slice(-1));
    }
    return joined;
  }

  private async concat(streamName: string, segments: ManifestSegment[]): Promise<boolean> {
    const dir = join(this.options.dir, streamName);
    const list = join(dir, 'replay.txt');
    const quoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`; // the concat list's quoting
    await writeFile(list, segments.map((s) => `file ${quoted(join(dir, s.file))}\n`).join(''));
    const partial = join(dir, 'replay.mp4.part');
    try {
      await runFfmpeg(this.options.ffmpeg!, ['-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', partial]);
    } catch (err) {
      this.options.log.warn({ err, stream: streamName }, 'recording: remux failed');
      return false;
    }
    await rename(partial, join(dir, 'replay.mp4'));
    await writeFile(join(dir, 'replay.json'), JSON.stringify({ segments }));
    this.replays.set(streamName, {
      url: this.options.replayUrl(streamName),
      segments: segments.map(({ startedAt, durationMs }) => ({ startedAt, durationMs })),
    });
    return true;
  }

  /** The stream's closed segments in order; a segment's length is its file's last write minus its start. */
  private async finishedSegments(streamName: string): Promise<ManifestSegment[]> {
    const dir = join(this.options.dir, streamName);
    const open = this.open.get(streamName);
    const files = await readdir(dir).catch(() => [] as string[]);
    const segments: ManifestSegment[] = [];
    for (const file of files) {
      const match = SEGMENT_FILE.exec(file);
      if (!match || file === open) continue;
      const info = await stat(join(dir, file));
      if (info.size < MIN_SEGMENT_BYTES) continue;
      const startedAt = Number(match[1]);
      segments.push({ file, startedAt, durationMs: Math.max(0, Math.round(info.mtimeMs) - startedAt) });
    }
    return segments.sort((a, b) => a.startedAt - b.startedAt);
  }

  private async readManifest(streamName: string): Promise<ManifestSegment[] | null> {
    try {
      const parsed = JSON.parse(await readFile(join(this.options.dir, streamName, 'replay.json'), 'utf8')) as { segments: ManifestSegment[] };
      return parsed.segments;
    } catch {
      return null;
    }
  }
}

/**
 * Where a wall-clock moment of the show is in its replay: the segments play back to back, so time in a
 * gap between publishes maps to the start of the next one. Null when the moment is after the recording.
 */
export function replayOffsetMs(segments: readonly ReplaySegment[], at: number): number | null {
  let offset = 0;
  for (const s of segments) {
    if (at < s.startedAt) return offset;
    if (at < s.startedAt + s.durationMs) return offset + (at - s.startedAt);
    offset += s.durationMs;
  }
  return null;
}
