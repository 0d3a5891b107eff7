import { ArrowLeftOutlined, CaretRightOutlined, EditOutlined, FundProjectionScreenOutlined, LineChartOutlined, PoweroffOutlined, SettingOutlined } from '@ant-design/icons';
import type { LiveSessionView, ServerFrame, ServerFrameOf } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Popconfirm, Space, Tabs, Tooltip } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { liveApi, liveKeys, moderationApi } from '../../../api/live';
import { useCan } from '../../../auth/me';
import { PageHeader } from '../../../components/PageHeader';
import { settled, useErrorMessage } from '../../../lib/errors';
import { LiveSessionLoader } from '../LiveSessionLoader';
import { LiveStatusTag } from '../LiveStatusTag';
import { AnnouncementPanel } from './AnnouncementPanel';
import { CommentStream } from './CommentStream';
import { FlashSalesPanel } from './FlashSalesPanel';
import { LineupPins } from './LineupPins';
import { LotteryPanel } from './LotteryPanel';
import { ModerationQueue } from './ModerationQueue';
import { OnAirSelect } from './OnAirSelect';
import { SettingsDrawer } from './SettingsDrawer';
import { StatsBar } from './StatsBar';
import { useRoomSocket, type RoomConnection } from './useRoomSocket';
import '../live.css';

/** `/live-sessions/:sessionId/console`: the 中控台 an operator runs the show from. */
export function ControlConsolePage() {
  const { sessionId = '' } = useParams();
  return <LiveSessionLoader sessionId={sessionId}>{(session) => <ControlConsole session={session} />}</LiveSessionLoader>;
}

const connectionBadge: Record<RoomConnection, 'success' | 'processing' | 'warning' | 'error'> = {
  open: 'success',
  connecting: 'processing',
  reconnecting: 'warning',
  closed: 'error',
};

function ControlConsole({ session }: { session: LiveSessionView }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [settingsOpen, setSettingsOpen] = useState(false);

  const onRoomError = useCallback(
    (frame: ServerFrameOf<'error'>) => {
      // Only answers to what this console sent are worth a toast; `held` is a viewer's concern.
      if (frame.ref && frame.ref !== 'join') message.error(t('live.console.roomError', { message: frame.message }));
    },
    [message, t],
  );
  const room = useRoomSocket(session.id, onRoomError);
  // Once the room has welcomed this console its state is the truth, also while reconnecting; before, the session's.
  const welcomed = room.state.status !== null;
  const status = room.state.status ?? session.status;

  /** An HTTP answer already says what the room will echo: show it now, in the room state and the cached session. */
  const applyRoom = room.apply;
  const applyLocal = useCallback(
    (frame: ServerFrame) => {
      applyRoom(frame);
      const patch: Partial<LiveSessionView> | null =
        frame.t === 'pin' ? { pinnedProductIds: frame.productIds } : frame.t === 'announcement' ? { announcement: frame.text } : frame.t === 'status' ? { status: frame.status } : null;
      if (patch) queryClient.setQueryData<LiveSessionView>(liveKeys.session(session.id), (current) => (current ? { ...current, ...patch } : current));
    },
    [applyRoom, queryClient, session.id],
  );

  const lifecycle = useMutation({
    mutationFn: (action: 'start' | 'end') => (action === 'start' ? liveApi.start(session.id) : liveApi.end(session.id)),
    onSuccess: (next, action) => {
      queryClient.setQueryData(liveKeys.session(session.id), next);
      void queryClient.invalidateQueries({ queryKey: liveKeys.lists });
      applyRoom({ t: 'status', status: next.status });
      message.success(action === 'start' ? t('live.console.started') : t('live.console.ended'));
    },
    onError: (error) => message.error(describeError(error, { conflict: t('live.console.lifecycleConflict') })),
  });

  const canManage = can('live:manage');
  const canModerate = can('live:moderate');
  const ended = status === 'ended';

  const queue = useQuery({
    queryKey: liveKeys.queue(session.id),
    queryFn: ({ signal }) => moderationApi.queue(session.id, 'pending', signal),
    enabled: canModerate && !ended,
    // Held comments reach no staff frame on the room socket, so the queue is read again on a short interval.
    refetchInterval: 5_000,
  });
  const pendingCount = queue.data?.items.length ?? 0;

  return (
    <>
      <PageHeader
        title={session.title}
        subtitle={t('live.console.subtitle')}
        extra={
          <Space wrap>
            <LiveStatusTag status={status} />
            <OnAirSelect session={session} live={status === 'live'} canModerate={canModerate} />
            <Tooltip title={room.refusal ? t(`live.console.refused.${room.refusal}`) : undefined}>
              <Badge status={connectionBadge[room.connection]} text={t(`live.console.connection.${room.connection}`)} data-testid="console-connection" data-state={room.connection} />
            </Tooltip>
            <Link to="/live-sessions">
              <Button icon={<ArrowLeftOutlined />}>{t('live.edit.backToList')}</Button>
            </Link>
            <Link to={`/live-sessions/${encodeURIComponent(session.id)}`}>
              <Button icon={<EditOutlined />}>{t('live.console.editShow')}</Button>
            </Link>
            {can('analytics:read') && (
              <Button icon={<FundProjectionScreenOutlined />} href={`/screen/${encodeURIComponent(session.id)}`} target="_blank" rel="noopener" data-testid="console-open-screen">
                {t('metrics.openScreen')}
              </Button>
            )}
            {ended && can('analytics:read') && (
              <Link to={`/live-sessions/${encodeURIComponent(session.id)}/review`} data-testid="live-review-link">
                <Button type="primary" icon={<LineChartOutlined />}>
                  {t('review.open')}
                </Button>
              </Link>
            )}
            {(canManage || canModerate) && (
              <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="console-settings">
                {t('live.console.settings')}
              </Button>
            )}
            {canManage && status === 'scheduled' && (
              <Popconfirm
                title={t('live.console.startConfirm')}
                description={t('live.console.startText')}
                okText={t('live.console.start')}
                cancelText={t('common.cancel')}
                onConfirm={() => settled(lifecycle.mutateAsync('start'))}
              >
                <Button type="primary" icon={<CaretRightOutlined />} loading={lifecycle.isPending} data-testid="console-start">
                  {t('live.console.start')}
                </Button>
              </Popconfirm>
            )}
            {canManage && status === 'live' && (
              <Popconfirm
                title={t('live.console.endConfirm')}
                description={t('live.console.endText')}
                okText={t('live.console.end')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => settled(lifecycle.mutateAsync('end'))}
              >
                <Button danger type="primary" icon={<PoweroffOutlined />} loading={lifecycle.isPending} data-testid="console-end">
                  {t('live.console.end')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {room.refusal && <Alert type="error" showIcon className="page-alert" title={t(`live.console.refused.${room.refusal}`)} />}
      {ended && <Alert type="info" showIcon className="page-alert" title={t('live.console.endedNotice')} />}
      <StatsBar sessionId={session.id} online={room.state.online} likes={room.state.likes} salesActivity={room.state.salesActivity} live={status === 'live'} />
      <div className="console-grid">
        <Card className="page-card console-column" size="small" title={t('live.console.lineup', { count: session.products.length })}>
          <LineupPins session={session} pinned={welcomed ? room.state.pinnedProductIds : session.pinnedProductIds} onPinned={applyLocal} disabled={!canModerate || ended} />
        </Card>
        <Card className="page-card console-column" size="small" title={t('live.console.comments')}>
          <CommentStream sessionId={session.id} messages={room.state.chat} room={room} canModerate={canModerate && !ended} />
        </Card>
        <Card className="page-card console-column console-tabs-card" size="small">
          <Tabs
            size="small"
            tabBarGutter={20}
            items={[
              {
                key: 'flash',
                label: t('live.flash.tab'),
                children: <FlashSalesPanel session={session} live={room.state.flashSales} canManage={canManage && !ended} />,
              },
              {
                key: 'lottery',
                label: t('live.lottery.tab'),
                children: <LotteryPanel session={session} live={room.state.lotteries} canManage={canManage && !ended} />,
              },
              {
                key: 'queue',
                label: (
                  <span>
                    {t('live.queue.tab')} <Badge count={pendingCount} size="small" />
                  </span>
                ),
                children: <ModerationQueue sessionId={session.id} queue={queue} canModerate={canModerate} ended={ended} />,
              },
              {
                key: 'room',
                label: t('live.announcement.tab'),
                children: (
                  <AnnouncementPanel
                    sessionId={session.id}
                    announcement={welcomed ? room.state.announcement : session.announcement}
                    slowModeSeconds={room.state.slowModeSeconds}
                    onChanged={applyLocal}
                    canModerate={canModerate && !ended}
                  />
                ),
              },
            ]}
          />
        </Card>
      </div>
      <SettingsDrawer sessionId={session.id} open={settingsOpen} onClose={() => setSettingsOpen(false)} canManage={canManage} canModerate={canModerate} />
    </>
  );
}
