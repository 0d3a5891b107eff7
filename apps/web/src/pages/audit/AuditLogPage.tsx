import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntryView } from '@livedesk/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys, type AuditFilters } from '../../api/endpoints';
import { useCan, useMe } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import {
  actorTypeLabelKey,
  auditActionLabelKey,
  isKnownAuditAction,
  isKnownTargetType,
  knownTargetTypes,
  targetTypeLabelKey,
} from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { AuditEntryDetail, ChangesSummary } from './AuditChanges';
import { useAuditStream, type StreamStatus } from './useAuditStream';

interface FilterValues {
  action?: string;
  targetType?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const streamBadge: Record<StreamStatus, 'processing' | 'default' | 'warning'> = {
  open: 'processing',
  connecting: 'default',
  reconnecting: 'warning',
};

export function AuditLogPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const me = useMe();
  const can = useCan();
  const time = useOrgTime();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  // Entries pushed over the WebSocket since the list was loaded, newest first.
  const [liveEntries, setLiveEntries] = useState<AuditEntryView[]>([]);

  const unfiltered = Object.keys(filters).length === 0;

  const log = useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => api.auditLog(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });

  const onLiveEntry = useCallback(
    (entry: AuditEntryView) => {
      // A pushed entry cannot be checked against the server-side filters, so it only joins the full list.
      if (unfiltered) setLiveEntries((current) => [entry, ...current]);
    },
    [unfiltered],
  );
  const streamStatus = useAuditStream(me.org.id, onLiveEntry);

  const members = useQuery({
    queryKey: queryKeys.members,
    queryFn: api.listMembers,
    enabled: can('users:read'),
  });

  const entries = useMemo(() => {
    const seen = new Set<string>();
    const merged: AuditEntryView[] = [];
    for (const entry of [...liveEntries, ...(log.data?.pages.flatMap((page) => page.items) ?? [])]) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      merged.push(entry);
    }
    return merged;
  }, [liveEntries, log.data]);
  const liveIds = useMemo(() => new Set(liveEntries.map((entry) => entry.id)), [liveEntries]);

  // Without users:read the member list is off limits, so offer the actors seen in the log instead.
  const actorOptions = useMemo(() => {
    if (members.data) {
      return members.data.items.map(({ user }) => ({ value: user.id, label: `${user.name} · ${user.email}` }));
    }
    const actors = new Map<string, string>();
    for (const entry of entries) {
      if (entry.actorId && !actors.has(entry.actorId)) actors.set(entry.actorId, entry.actorName ?? entry.actorId);
    }
    return [...actors].map(([value, label]) => ({ value, label }));
  }, [members.data, entries]);

  const applyFilters = (values: FilterValues) => {
    const [from, to] = values.range ?? [];
    const next: AuditFilters = {};
    if (values.action?.trim()) next.action = values.action.trim();
    if (values.targetType?.trim()) next.targetType = values.targetType.trim();
    if (values.actorId) next.actorId = values.actorId;
    if (from) next.from = time.startOfDay(from);
    if (to) next.to = time.endOfDay(to);
    setLiveEntries([]);
    setFilters(next);
  };

  const resetFilters = () => {
    form.resetFields();
    applyFilters({});
  };

  const columns: TableColumnsType<AuditEntryView> = [
    {
      title: t('audit.columns.time'),
      dataIndex: 'at',
      width: 160,
      render: (at: number) => <span className="tabular">{time.format(at)}</span>,
    },
    {
      title: t('audit.columns.actor'),
      key: 'actor',
      width: 150,
      render: (_value, entry) => (
        <Space size={4} wrap>
          <Typography.Text>{entry.actorName ?? entry.actorId ?? t(actorTypeLabelKey(entry.actorType))}</Typography.Text>
          {entry.actorType !== 'user' && <Tag variant="filled">{t(actorTypeLabelKey(entry.actorType))}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.columns.action'),
      dataIndex: 'action',
      width: 190,
      render: (action: string) => (
        <div className="audit-action">
          {isKnownAuditAction(action) && <span>{t(auditActionLabelKey(action))}</span>}
          <Typography.Text type="secondary" className="mono audit-action-code">
            {action}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('audit.columns.target'),
      key: 'target',
      width: 200,
      render: (_value, entry) => (
        <div className="audit-target">
          <span>{isKnownTargetType(entry.targetType) ? t(targetTypeLabelKey(entry.targetType)) : entry.targetType}</span>
          {entry.targetId && (
            <Typography.Text type="secondary" className="mono audit-target-id" ellipsis={{ tooltip: entry.targetId }}>
              {entry.targetId}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('audit.columns.changes'),
      key: 'changes',
      render: (_value, entry) => <ChangesSummary changes={entry.changes} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Badge
            status={unfiltered ? streamBadge[streamStatus] : 'default'}
            text={unfiltered ? t(`audit.live.${streamStatus}`) : t('audit.live.paused')}
            data-testid="audit-live-status"
          />
        }
      />
      <Card className="page-card">
        <Form name="auditFilters" form={form} layout="vertical" className="filter-bar" onFinish={applyFilters}>
          <Row gutter={12} align="bottom">
            <Col span={5}>
              <Form.Item name="action" label={t('audit.filters.action')}>
                <Input allowClear placeholder={t('audit.filters.actionPlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="targetType" label={t('audit.filters.targetType')}>
                <AutoComplete
                  allowClear
                  placeholder={t('audit.filters.targetTypePlaceholder')}
                  options={knownTargetTypes.map((targetType) => ({
                    value: targetType,
                    label: `${t(targetTypeLabelKey(targetType))} · ${targetType}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="actorId" label={t('audit.filters.actor')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('audit.filters.actorPlaceholder')}
                  options={actorOptions}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="range" label={t('audit.filters.range')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} className="full-width" />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    {t('common.search')}
                  </Button>
                  <Button onClick={resetFilters} icon={<ReloadOutlined />}>
                    {t('common.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Table<AuditEntryView>
          data-testid="audit-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={entries}
          loading={log.isPending}
          pagination={false}
          rowClassName={(entry) => (liveIds.has(entry.id) ? 'row-live' : '')}
          expandable={{ expandedRowRender: (entry) => <AuditEntryDetail entry={entry} /> }}
          locale={{
            emptyText: <EmptyState description={log.isError ? describeError(log.error) : t('audit.empty')} />,
          }}
        />
        {entries.length > 0 && (
          <div className="load-more">
            {log.hasNextPage ? (
              <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-load-more">
                {t('common.loadMore')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('audit.loaded', { count: entries.length })}</Typography.Text>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
