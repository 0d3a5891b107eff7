import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useMemo } from 'react';
import { useMe } from '../auth/me';

dayjs.extend(utc);
dayjs.extend(timezone);

export const defaultTimezone = 'Asia/Shanghai';

export const isValidTimezone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** `+08:00` style offset of `zone` right now. */
export const utcOffset = (zone: string): string => dayjs().tz(zone).format('Z');

export interface OrgTime {
  timezone: string;
  format: (epochMs: number, pattern?: string) => string;
  /** The first millisecond of the calendar day `day` shows, read in the org's timezone. */
  startOfDay: (day: Dayjs) => number;
  /** The last millisecond of that calendar day in the org's timezone. */
  endOfDay: (day: Dayjs) => number;
  /** A date and time picked in a picker (a wall-clock time), read in the org's timezone. */
  fromPicker: (value: Dayjs) => number;
  /** The reverse: epoch ms as the wall-clock time a picker should show for the org's timezone. */
  toPicker: (epochMs: number) => Dayjs;
}

/** Times are stored as epoch ms and always shown in the org's timezone, whatever the browser's is. */
export function useOrgTime(): OrgTime {
  const { org } = useMe();
  const zone = org.timezone && isValidTimezone(org.timezone) ? org.timezone : defaultTimezone;
  return useMemo(
    () => ({
      timezone: zone,
      format: (epochMs, pattern = 'YYYY-MM-DD HH:mm:ss') => dayjs(epochMs).tz(zone).format(pattern),
      startOfDay: (day) => dayjs.tz(day.format('YYYY-MM-DD'), zone).valueOf(),
      endOfDay: (day) => dayjs.tz(day.format('YYYY-MM-DD'), zone).endOf('day').valueOf(),
      fromPicker: (value) => dayjs.tz(value.format('YYYY-MM-DD HH:mm:ss'), zone).valueOf(),
      toPicker: (epochMs) => dayjs(dayjs(epochMs).tz(zone).format('YYYY-MM-DD HH:mm:ss')),
    }),
    [zone],
  );
}
