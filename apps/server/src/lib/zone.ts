// Calendar arithmetic in an org's time zone with Intl alone: a day, week or month starts at local midnight,
// and Excel wants wall-clock times.

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

export interface WallTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** One IANA zone; the formatter is made once, as callers convert thousands of instants. */
export class Zone {
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  date(at: number): LocalDate {
    const { year, month, day } = this.wall(at);
    return { year, month, day };
  }

  /**
   * The first instant of `date`: local 00:00, the wall time minus the zone's offset. The offset at the
   * guess may differ from the one at midnight (a DST change that day), so it is read again there; where
   * DST skips midnight itself (America/Santiago) the day starts at the jump, which one of the two hits.
   */
  midnight(date: LocalDate): number {
    const wall = Date.UTC(date.year, date.month - 1, date.day);
    const guess = wall - this.offset(wall);
    const candidates = [wall - this.offset(guess), guess].filter((at) => this.isOn(at, date));
    return candidates.length === 0 ? guess : Math.min(...candidates);
  }

  private isOn(at: number, { year, month, day }: LocalDate): boolean {
    const local = this.wall(at);
    return local.year === year && local.month === month && local.day === day;
  }

  /** local wall time − UTC at `at`, ms */
  private offset(at: number): number {
    const w = this.wall(at);
    const second = Math.floor(at / 1000) * 1000;
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - second;
  }

  /** the wall clock of the zone at `at` */
  wall(at: number): WallTime {
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
  }
}
