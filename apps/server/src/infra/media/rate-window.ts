/**
 * Inbound bitrate and frame rate over the last few whole seconds of wall-clock time. Wall clock rather than
 * media timestamps: an uplink that cannot keep up shows as a falling rate here, while the timestamps inside
 * the stream would still claim the encoder's nominal rate.
 */
export class RateWindow {
  private readonly buckets: { second: number; bytes: number; frames: number }[];

  constructor(private readonly seconds = 5) {
    this.buckets = Array.from({ length: seconds + 1 }, () => ({ second: -1, bytes: 0, frames: 0 }));
  }

  add(now: number, bytes: number, videoFrames: number): void {
    const second = Math.floor(now / 1000);
    const bucket = this.buckets[second % this.buckets.length]!;
    if (bucket.second !== second) Object.assign(bucket, { second, bytes: 0, frames: 0 });
    bucket.bytes += bytes;
    bucket.frames += videoFrames;
  }

  /** Rates over the whole seconds since `since` (the partial first and current seconds left out); null before one has passed. */
  rates(now: number, since: number): { fps: number | null; bitrateKbps: number | null } {
    const current = Math.floor(now / 1000);
    const first = Math.max(Math.floor(since / 1000) + 1, current - this.seconds);
    const span = current - first;
    if (span <= 0) return { fps: null, bitrateKbps: null };
    let bytes = 0;
    let frames = 0;
    for (const b of this.buckets) {
      if (b.second >= first && b.second < current) {
        bytes += b.bytes;
        frames += b.frames;
      }
    }
    return { fps: Math.round((frames / span) * 10) / 10, bitrateKbps: Math.round((bytes * 8) / 1000 / span) };
  }
}
