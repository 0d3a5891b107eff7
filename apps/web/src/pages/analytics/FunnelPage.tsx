import { PlayCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { funnelOrders, type FunnelOrder, type FunnelQueryInput, type FunnelResult, type LiveSessionSummary } from '@livedesk/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { liveKeys, liveApi } from '../../api/live';
import { ApiError, request } from '../../api/client';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { FunnelResultView } from './FunnelResultView';
import { FunnelStepsEditor } from './FunnelStepsEditor';
import {
  defaultWindow,
  maxWindowValue,
  newStep,
  standardSteps,
  toFunnelQuery,
  windowUnits,
  type FunnelDraft,
  type StepDraft,
  type WindowUnit,
} from './funnelModel';
import './funnel.css';

const DEFAULT_DAYS = 7;

const runFunnel = (query: FunnelQueryInput) => request<FunnelResult>('POST', '/analytics/funnel', { body: query });

/** `/analytics/funnel`: build a funnel over the tracked events and see where people drop off. */
export function FunnelPage() {
  const { t } = useTranslation();
  const can = useCan();
  const time = useOrgTime();
  const describeError = useErrorMessage();

  const today = time.toPicker(Date.now());
  const [steps, setSteps] = useState<StepDraft[]>(() => [newStep(), newStep()]);
  const [order, setOrder] = useState<FunnelOrder>('ordered');
  const [windowValue, setWindowValue] = useState(defaultWindow.value);
  const [windowUnit, setWindowUnit] = useState<WindowUnit>(defaultWindow.unit);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today.subtract(DEFAULT_DAYS - 1, 'day'), today]);
  const [liveSessionId, setLiveSessionId] = useState<string | null>(null);
  const [breakdown, setBreakdown] = useState('');
  const [attempted, setAttempted] = useState(false);

  const canReadShows = can('live:read');
  const shows = useQuery({
    queryKey: liveKeys.list(undefined),
    queryFn: ({ signal }) => liveApi.list(undefined, signal),
    enabled: canReadShows,
  });

  const draft: FunnelDraft = {
    steps,
    order,
    windowValue,
    windowUnit,
    from: time.startOfDay(range[0]),
    // `to` is exclusive: the first millisecond after the last day picked.
    to: time.endOfDay(range[1]) + 1,
    liveSessionId,
    breakdown,
  };
  const built = toFunnelQuery(draft);
  const problem = attempted && 'problem' in built ? built.problem : null;

  const run = useMutation({ mutationFn: runFunnel });
  const onRun = () => {
    setAttempted(true);
    if ('query' in built) run.mutate(built.query);
  };

  /** Picking a show moves the range onto the days it ran, where its events are. */
  const pickShow = (id: string | undefined) => {
    setLiveSessionId(id ?? null);
    const show = shows.data?.items.find((s) => s.id === id);
    const start = show?.startedAt ?? show?.scheduledStartAt;
    if (show && start != null) setRange([time.toPicker(start), time.toPicker(show.endedAt ?? Math.max(start, Date.now()))]);
  };

  const showOptions = useMemo(
    () => (shows.data?.items ?? []).map((s: LiveSessionSummary) => ({ value: s.id, label: showLabel(s, time.format), search: s.title.toLowerCase() })),
    [shows.data, time],
  );
  const unitMax = maxWindowValue(windowUnit);

  return (
    <div data-testid="funnel-page">
      <PageHeader
        title={t('funnel.title')}
        subtitle={t('funnel.subtitle')}
        extra={
          <Button icon={<ThunderboltOutlined />} onClick={() => setSteps(standardSteps())} data-testid="funnel-preset">
            {t('funnel.preset')}
          </Button>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card className="page-card" size="small" title={t('funnel.steps.title')} extra={<Typography.Text type="secondary">{t('funnel.steps.hint')}</Typography.Text>}>
            <FunnelStepsEditor steps={steps} onChange={setSteps} problem={problem} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card className="page-card" size="small" title={t('funnel.settings')}>
            <Form layout="vertical" className="funnel-settings">
              <Form.Item label={t('funnel.order.label')}>
                <Radio.Group value={order} onChange={(e) => setOrder(e.target.value as FunnelOrder)} className="funnel-order" data-testid="funnel-order">
                  {funnelOrders.map((mode) => (
                    <Radio key={mode} value={mode}>
                      <span className="funnel-order-name">{t(`funnel.order.${mode}`)}</span>
                      <Typography.Text type="secondary" className="funnel-order-hint">
                        {t(`funnel.order.${mode}Hint`)}
                      </Typography.Text>
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item label={t('funnel.window.label')} tooltip={t('funnel.window.hint')}>
                    <Space.Compact className="full-width">
                      <InputNumber<number>
                        min={1}
                        max={unitMax}
                        precision={0}
                        value={windowValue}
                        onChange={(value) => setWindowValue(value ?? 1)}
                        className="funnel-window-value"
                        data-testid="funnel-window"
                      />
                      <Select<WindowUnit>
                        value={windowUnit}
                        onChange={(unit) => {
                          setWindowUnit(unit);
                          setWindowValue((value) => Math.min(value, maxWindowValue(unit)));
                        }}
                        options={(Object.keys(windowUnits) as WindowUnit[]).map((unit) => ({ value: unit, label: t(`funnel.window.${unit}`) }))}
                        popupMatchSelectWidth={false}
                        className="funnel-window-unit"
                      />
                    </Space.Compact>
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('funnel.breakdown.label')} tooltip={t('funnel.breakdown.hint')}>
                    <Input value={breakdown} onChange={(e) => setBreakdown(e.target.value)} placeholder={t('funnel.breakdown.placeholder')} allowClear data-testid="funnel-breakdown" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('funnel.range.label')}>
                <DatePicker.RangePicker
                  value={range}
                  onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
                  allowClear={false}
                  presets={[
                    { label: t('funnel.range.today'), value: [today, today] },
                    { label: t('funnel.range.last7'), value: [today.subtract(6, 'day'), today] },
                    { label: t('funnel.range.last30'), value: [today.subtract(29, 'day'), today] },
                  ]}
                  className="full-width"
                  data-testid="funnel-range"
                />
              </Form.Item>
              {canReadShows && (
                <Form.Item label={t('funnel.show.label')}>
                  <Select<string>
                    value={liveSessionId ?? undefined}
                    onChange={pickShow}
                    allowClear
                    showSearch
                    filterOption={(input, option) => !option || option.search.includes(input.toLowerCase())}
                    options={showOptions}
                    loading={shows.isLoading}
                    placeholder={t('funnel.show.all')}
                    data-testid="funnel-show"
                  />
                </Form.Item>
              )}
              <Button type="primary" icon={<PlayCircleOutlined />} block onClick={onRun} loading={run.isPending} data-testid="funnel-run">
                {t('funnel.run')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
      <Card className="page-card funnel-result-card" size="small" title={t('funnel.result.title')}>
        {run.isError && (
          <Alert
            type="error"
            showIcon
            className="page-alert"
            title={describeError(run.error)}
            description={apiMessage(run.error)}
            data-testid="funnel-error"
          />
        )}
        <Spin spinning={run.isPending}>
          {run.data && run.variables ? <FunnelResultView query={run.variables} result={run.data} /> : !run.isError && <EmptyState description={t('funnel.result.empty')} />}
        </Spin>
      </Card>
    </div>
  );
}

/** The server's own words: its message and, for a refused query, what was wrong with which field. */
function apiMessage(error: unknown): ReactNode {
  if (!(error instanceof ApiError) || error.code === 'network') return undefined;
  const issues = Array.isArray(error.details?.issues) ? (error.details.issues as { path?: unknown; message?: unknown }[]) : [];
  return (
    <>
      <div>{error.message}</div>
      {issues.length > 0 && (
        <ul className="funnel-error-issues">
          {issues.map((issue, i) => (
            <li key={i}>
              <code>{String(issue.path ?? '')}</code> {String(issue.message ?? '')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function showLabel(show: LiveSessionSummary, format: (epochMs: number, pattern?: string) => string): string {
  const at = show.startedAt ?? show.scheduledStartAt ?? show.createdAt;
  return `${show.title} · ${format(at, 'MM-DD HH:mm')}`;
}
