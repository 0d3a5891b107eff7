/**
 * A seeded PRNG (mulberry32) with the draws a show needs, so one seed always plays the same show: the
 * simulator's audiences, the demo shop's recorded shows and the end-to-end tests' events.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** exponentially distributed with this mean: waits between independent happenings, how long people stay */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Times of a Poisson process of `ratePerMs` in [from, to), in order. */
  poisson(ratePerMs: number, from: number, to: number): number[] {
    const times: number[] = [];
    if (ratePerMs <= 0) return times;
    for (let t = from + this.exponential(1 / ratePerMs); t < to; t += this.exponential(1 / ratePerMs)) times.push(t);
    return times;
  }

  /** hex digits, for ids that look like a device's */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.int(0, 15).toString(16);
    return out;
  }
}
