import { RETENTION_MAX_PERIODS, REPURCHASE_DEFAULT_DAYS, type PurchaseRetention } from '@livedesk/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Form, InputNumber, Segmented, Select, Spin, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { retentionApi, retentionKeys } from '../../api/retention';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime, type OrgTime } from '../../lib/time';
import { RetentionChart } from './RetentionChart';
import { RetentionTable } from './RetentionTable';
import { averageCurve, isEmptyTable, purchaseTable, showTable, wholeCohorts, type RetentionTable as TableModel } from './retentionModel';
import './retention.css';

type RetentionTab = 'shows' | 'purchases';
type CohortUnit = PurchaseRetention['cohort'];
type DayRange = [Dayjs, Dayjs] | null;

const DEFAULT_RANGE_DAYS = 90;
const DEFAULT_PERIODS = 6;
/** The repurchase windows offered; the contract takes at most 10 at once. */
const DAY_CHOICES = [1, 3, 7, 14, 30, 60, 90, 180, 365];
const MAX_DAY_CHOICES = 10;
const cohortUnits: CohortUnit[] = ['day', 'week', 'month'];

/** `/analytics/retention`: do viewers come back to later shows (看播留存), do buyers buy again (复购留存)? */
export function RetentionPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const activeTab: RetentionTab = searchParams.get('tab') === 'purchases' ? 'purchases' : 'shows';

  return (
    <div data-testid="retention-page">
      <PageHeader title={t('retention.title')} subtitle={t('retention.subtitle')} />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'shows' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'shows', label: <span data-testid="retention-tab-shows">{t('retention.tabs.shows')}</span>, children: <ShowRetentionTab /> },
            {
              key: 'purchases',
              label: <span data-testid="retention-tab-purchases">{t('retention.tabs.purchases')}</span>,
              children: <PurchaseRetentionTab />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

/** The picked days as `[from, to)` in the org's time zone; no range: all time. */
function rangeQuery(range: DayRange, time: OrgTime): { from?: number; to?: number } {
  return range ? { from: time.startOfDay(range[0]), to: time.endOfDay(range[1]) + 1 } : {};
}

function useDefaultRange(): [DayRange, (range: DayRange) => void] {
  const time = useOrgTime();
  return useState<DayRange>(() => {
    const today = time.toPicker(Date.now());
    return [today.subtract(DEFAULT_RANGE_DAYS - 1, 'day'), today];
  });
}

function RangeField({ label, value, onChange }: { label: string; value: DayRange; onChange: (range: DayRange) => void }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const today = time.toPicker(Date.now());
  return (
    <Form.Item label={label}>
      <DatePicker.RangePicker
        value={value}
        onChange={(picked) => onChange(picked?.[0] && picked[1] ? [picked[0], picked[1]] : null)}
        placeholder={[t('retention.range.allTime'), t('retention.range.allTime')]}
        presets={[
          { label: t('retention.range.last30'), value: [today.subtract(29, 'day'), today] },
          { label: t('retention.range.last90'), value: [today.subtract(89, 'day'), today] },
          { label: t('retention.range.last365'), value: [today.subtract(364, 'day'), today] },
        ]}
      />
    </Form.Item>
  );
}

function ShowRetentionTab() {
  const { t } = useTranslation();
  const time = useOrgTime();
  const [range, setRange] = useDefaultRange();
  const [periods, setPeriods] = useState(DEFAULT_PERIODS);

  const filters = { ...rangeQuery(range, time), periods };
  const query = useQuery({
    queryKey: retentionKeys.shows(filters),
    queryFn: ({ signal }) => retentionApi.shows(filters, signal),
    placeholderData: keepPreviousData,
  });
  const table = useMemo(
    () =>
      query.data &&
      showTable(query.data, { period: (n) => t('retention.shows.period', { n }), when: (at) => time.format(at, 'YYYY-MM-DD HH:mm') }),
    [query.data, t, time],
  );

  return (
    <RetentionView
      hint={t('retention.shows.hint')}
      controls={
        <>
          <RangeField label={t('retention.shows.range')} value={range} onChange={setRange} />
          <Form.Item label={t('retention.shows.periods')}>
            <InputNumber<number>
              min={1}
              max={RETENTION_MAX_PERIODS}
              precision={0}
              value={periods}
              onChange={(value) => setPeriods(value ?? DEFAULT_PERIODS)}
              data-testid="retention-periods"
            />
          </Form.Item>
        </>
      }
      loading={query.isFetching}
      error={query.error}
      table={table}
      cohortTitle={t('retention.shows.cohort')}
      chartTitle={t('retention.shows.chart')}
      emptyText={t('retention.shows.empty')}
    />
  );
}

function PurchaseRetentionTab() {
  const { t } = useTranslation();
  const time = useOrgTime();
  const [range, setRange] = useDefaultRange();
  const [unit, setUnit] = useState<CohortUnit>('week');
  const [days, setDays] = useState<number[]>([...REPURCHASE_DEFAULT_DAYS]);

  const filters = { ...rangeQuery(range && wholeCohorts(range, unit), time), cohort: unit, days: [...days].sort((a, b) => a - b) };
  const query = useQuery({
    queryKey: retentionKeys.purchases(filters),
    queryFn: ({ signal }) => retentionApi.purchases(filters, signal),
    enabled: days.length > 0,
    placeholderData: keepPreviousData,
  });
  const table = useMemo(() => {
    if (!query.data) return undefined;
    const cohortLabel = (start: number) =>
      query.data.cohort === 'month'
        ? time.format(start, 'YYYY-MM')
        : query.data.cohort === 'week'
          ? t('retention.purchases.weekOf', { date: time.format(start, 'YYYY-MM-DD') })
          : time.format(start, 'YYYY-MM-DD');
    return purchaseTable(query.data, { period: (n) => t('retention.purchases.period', { n }), cohort: cohortLabel });
  }, [query.data, t, time]);

  return (
    <RetentionView
      hint={t('retention.purchases.hint')}
      controls={
        <>
          <RangeField label={t('retention.purchases.range')} value={range} onChange={setRange} />
          <Form.Item label={t('retention.purchases.unit')}>
            <Segmented<CohortUnit>
              value={unit}
              onChange={setUnit}
              options={cohortUnits.map((value) => ({ value, label: t(`retention.purchases.units.${value}`) }))}
              data-testid="retention-unit"
            />
          </Form.Item>
          <Form.Item
            label={t('retention.purchases.days')}
            validateStatus={days.length === 0 ? 'error' : undefined}
            help={days.length === 0 ? t('retention.purchases.daysRequired') : undefined}
          >
            <Select<number[]>
              mode="multiple"
              value={days}
              onChange={setDays}
              options={DAY_CHOICES.map((n) => ({ value: n, label: t('retention.purchases.daysOption', { n }) }))}
              maxCount={MAX_DAY_CHOICES}
              className="retention-days"
              data-testid="retention-days"
            />
          </Form.Item>
        </>
      }
      loading={query.isFetching}
      error={query.error}
      table={days.length > 0 ? table : undefined}
      cohortTitle={t('retention.purchases.cohort')}
      chartTitle={t('retention.purchases.chart')}
      chartHint={t('retention.purchases.chartHint')}
      emptyText={t('retention.purchases.empty')}
      immatureHint={(column) => t('retention.purchases.immature', { n: query.data?.days[column] })}
      legend={t('retention.purchases.legend')}
    />
  );
}

interface RetentionViewProps {
  hint: string;
  controls: ReactNode;
  loading: boolean;
  error: Error | null;
  table: TableModel | undefined;
  cohortTitle: string;
  chartTitle: string;
  chartHint?: string;
  emptyText: string;
  immatureHint?: (column: number) => string;
  legend?: string;
}

/** A tab's layout: its controls, then the average curve and the cohort table, or why there is nothing. */
function RetentionView({ hint, controls, loading, error, table, cohortTitle, chartTitle, chartHint, emptyText, immatureHint, legend }: RetentionViewProps) {
  const describeError = useErrorMessage();
  const curve = useMemo(() => (table ? averageCurve(table) : []), [table]);

  return (
    <div className="retention-view">
      <Form layout="inline" className="retention-controls">
        {controls}
      </Form>
      <Typography.Paragraph type="secondary" className="retention-hint">
        {hint}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon className="page-alert" title={describeError(error)} data-testid="retention-error" />}
      <Spin spinning={loading}>
        {table && !isEmptyTable(table) ? (
          <>
            <Card size="small" className="retention-chart-card" title={chartTitle} extra={chartHint && <Typography.Text type="secondary">{chartHint}</Typography.Text>}>
              <RetentionChart columns={table.columns} curve={curve} name={chartTitle} />
            </Card>
            <RetentionTable table={table} cohortTitle={cohortTitle} immatureHint={immatureHint} />
            {legend && (
              <div className="retention-legend">
                <span className="retention-legend-swatch retention-cell-immature" />
                <Typography.Text type="secondary">{legend}</Typography.Text>
              </div>
            )}
          </>
        ) : (
          !error && <EmptyState description={emptyText} />
        )}
      </Spin>
    </div>
  );
}
