import { DesktopOutlined, EditOutlined, ExportOutlined, LineChartOutlined, PlusOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { LiveSessionStatus, LiveSessionSummary } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Avatar, Button, Card, Segmented, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { liveApi, liveKeys } from '../../api/live';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { liveStatuses, liveStatusLabelKey } from './labels';
import { LiveStatusTag } from './LiveStatusTag';
import { compareSessions } from './sessionOrder';
import './live.css';

type StatusFilter = LiveSessionStatus | 'all';

/** 直播场次: every show of the shop, the one on air first, with the way into each one's control console. */
export function LiveSessionsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const time = useOrgTime();
  const describeError = useErrorMessage();
  const [filter, setFilter] = useState<StatusFilter>('all');
  const status = filter === 'all' ? undefined : filter;
  const sessions = useQuery({
    queryKey: liveKeys.list(status),
    queryFn: ({ signal }) => liveApi.list(status, signal),
    select: (page) => [...page.items].sort(compareSessions),
    staleTime: 0,
  });

  const span = (from: number | null, to: number | null) => {
    if (to === null) {
      if (from === null) return <Typography.Text type="secondary">{t('live.list.notPlanned')}</Typography.Text>;
      return <span className="tabular">{t('live.list.since', { time: time.format(from, 'YYYY-MM-DD HH:mm') })}</span>;
    }
    const fromText = from === null ? '—' : time.format(from, 'YYYY-MM-DD HH:mm');
    // The end is usually the same day: its date would only repeat the start's.
    const sameDay = from !== null && time.format(from, 'YYYY-MM-DD') === time.format(to, 'YYYY-MM-DD');
    return <span className="tabular">{`${fromText} – ${time.format(to, sameDay ? 'HH:mm' : 'YYYY-MM-DD HH:mm')}`}</span>;
  };

  const columns: TableColumnsType<LiveSessionSummary> = [
    {
      title: t('live.list.columns.show'),
      key: 'show',
      render: (_value, session) => (
        <div className="live-show-cell">
          <Avatar shape="square" size={48} src={session.coverUrl ?? undefined} icon={<VideoCameraOutlined />} className="live-cover" />
          <div className="cell-stack">
            <Link to={`/live-sessions/${encodeURIComponent(session.id)}`} className="live-show-title">
              {session.title}
            </Link>
            <Typography.Text type="secondary" className="cell-sub">
              {session.anchors.length > 0 ? session.anchors.map((anchor) => anchor.name).join('、') : t('live.list.noAnchors')}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('live.list.columns.status'), key: 'status', width: 110, render: (_value, session) => <LiveStatusTag status={session.status} /> },
    {
      title: t('live.list.columns.planned'),
      key: 'planned',
      width: 250,
      render: (_value, session) => span(session.scheduledStartAt, session.scheduledEndAt),
    },
    {
      title: t('live.list.columns.actual'),
      key: 'actual',
      width: 250,
      render: (_value, session) =>
        session.startedAt === null ? <Typography.Text type="secondary">{t('live.list.notStarted')}</Typography.Text> : span(session.startedAt, session.endedAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 320,
      render: (_value, session) => (
        <Space size={4} wrap>
          <Link to={`/live-sessions/${encodeURIComponent(session.id)}/console`} data-testid="live-console-link">
            <Button size="small" type={session.status === 'live' ? 'primary' : 'default'} icon={<DesktopOutlined />}>
              {t('live.list.console')}
            </Button>
          </Link>
          {session.status === 'ended' && can('analytics:read') && (
            <Link to={`/live-sessions/${encodeURIComponent(session.id)}/review`} data-testid="live-review-link">
              <Button size="small" type="primary" ghost icon={<LineChartOutlined />}>
                {t('review.open')}
              </Button>
            </Link>
          )}
          <Link to={`/live-sessions/${encodeURIComponent(session.id)}`}>
            <Button size="small" type="text" icon={<EditOutlined />}>
              {session.status === 'ended' || !can('live:manage') ? t('common.details') : t('common.edit')}
            </Button>
          </Link>
          <Tooltip title={t('live.list.viewerPageHint')}>
            <Button size="small" type="text" icon={<ExportOutlined />} href={session.roomUrl} target="_blank" rel="noreferrer">
              {t('live.list.viewerPage')}
            </Button>
          </Tooltip>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('live.list.title')}
        subtitle={t('live.list.subtitle')}
        extra={
          can('live:manage') && (
            <Link to="/live-sessions/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="live-session-new">
                {t('live.list.new')}
              </Button>
            </Link>
          )
        }
      />
      <Card className="page-card">
        <div className="live-list-toolbar">
          <Segmented<StatusFilter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('common.all') },
              ...liveStatuses.map((value) => ({ value, label: t(liveStatusLabelKey(value)) })),
            ]}
          />
        </div>
        <Table<LiveSessionSummary>
          data-testid="live-sessions-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={sessions.data ?? []}
          loading={sessions.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          rowClassName={(session) => (session.status === 'ended' ? 'row-muted' : '')}
          locale={{
            emptyText: <EmptyState description={sessions.isError ? describeError(sessions.error) : filter === 'all' ? t('live.list.empty') : t('live.list.noMatch')} />,
          }}
        />
      </Card>
    </>
  );
}
