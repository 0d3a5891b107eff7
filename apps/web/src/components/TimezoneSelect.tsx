import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { utcOffset } from '../lib/time';

// Most LiveDesk orgs sell in mainland China; the rest cover where cross-border sellers usually sit.
const commonTimezones = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Ho_Chi_Minh',
  'Asia/Manila',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/Moscow',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

/** The zone's own name in the UI language, e.g. "中国标准时间" or "China Standard Time". */
function zoneDisplayName(zone: string, language: string): string {
  const part = new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: 'long' })
    .formatToParts(new Date())
    .find((candidate) => candidate.type === 'timeZoneName');
  return part?.value ?? zone;
}

interface TimezoneSelectProps {
  value?: string;
  onChange?: (zone: string) => void;
  id?: string;
}

export function TimezoneSelect({ value, onChange, id }: TimezoneSelectProps) {
  const { i18n } = useTranslation();
  const options = useMemo(() => {
    // Keep an org's existing, less common zone selectable instead of silently showing a raw id.
    const zones = value && !commonTimezones.includes(value) ? [value, ...commonTimezones] : commonTimezones;
    return zones.map((zone) => ({
      value: zone,
      label: `${zone} · UTC${utcOffset(zone)}`,
      title: zoneDisplayName(zone, i18n.language),
      searchText: `${zone} ${zoneDisplayName(zone, i18n.language)}`.toLowerCase(),
    }));
  }, [value, i18n.language]);

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{
        filterOption: (input, option) => (option?.searchText ?? '').includes(input.toLowerCase()),
      }}
      optionRender={(option) => (
        <div className="timezone-option">
          <span>{option.data.value}</span>
          <span className="timezone-option-meta">
            UTC{utcOffset(option.data.value)} · {option.data.title}
          </span>
        </div>
      )}
    />
  );
}
