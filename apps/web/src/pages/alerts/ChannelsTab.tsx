import { PlusOutlined } from '@ant-design/icons';
import type { AlertChannelKind, AlertChannelView } from '@livedesk/contracts';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertKeys, alertsApi } from '../../api/alerts';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { settled, useErrorMessage } from '../../lib/errors';
import { ChannelModal } from './ChannelModal';

const kindColor: Record<AlertChannelKind, string> = { webhook: 'default', dingtalk: 'blue', wecom: 'green', feishu: 'cyan' };

interface ChannelsTabProps {
  channels: UseQueryResult<{ items: AlertChannelView[] }>;
}

export function ChannelsTab({ channels }: ChannelsTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<AlertChannelView | 'new' | null>(null);
  const manage = can('alerts:manage');
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.channels });

  const test = useMutation({
    mutationFn: (channel: AlertChannelView) => alertsApi.testChannel(channel.id),
    onSuccess: (delivery, channel) =>
      delivery.ok
        ? message.success(t('alerts.channels.testOk', { name: channel.name }))
        : message.error(t('alerts.channels.testFailed', { name: channel.name, error: delivery.error ?? '' })),
    onError: (error) => message.error(describeError(error)),
  });
  const remove = useMutation({
    mutationFn: (channel: AlertChannelView) => alertsApi.deleteChannel(channel.id),
    onSuccess: () => message.success(t('alerts.channels.deleted')),
    onError: (error) => message.error(describeError(error, { conflict: t('alerts.channels.inUse') })),
    onSettled: refresh,
  });

  const columns: TableColumnsType<AlertChannelView> = [
    { title: t('alerts.channels.columns.name'), dataIndex: 'name', width: 170, render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: t('alerts.channels.columns.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (kind: AlertChannelKind) => <Tag color={kindColor[kind]}>{t(`alerts.channelKind.${kind}`)}</Tag>,
    },
    { title: t('alerts.channels.columns.url'), dataIndex: 'urlHint', render: (hint: string) => <Typography.Text className="mono">{hint}</Typography.Text> },
    {
      title: t('alerts.channels.columns.secret'),
      dataIndex: 'secretHint',
      width: 120,
      render: (hint: string | null) =>
        hint === null ? <Typography.Text type="secondary">{t('alerts.channels.noSecret')}</Typography.Text> : <span className="mono">{hint}</span>,
    },
    {
      title: t('alerts.channels.columns.enabled'),
      dataIndex: 'enabled',
      width: 70,
      render: (enabled: boolean) => (enabled ? <Tag color="success">{t('alerts.channels.columns.enabled')}</Tag> : <Tag>—</Tag>),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_value: unknown, channel: AlertChannelView) => (
              <Space size={0}>
                <Button type="link" size="small" data-testid="alert-channel-test" loading={test.isPending && test.variables?.id === channel.id} onClick={() => test.mutate(channel)}>
                  {t('alerts.channels.test')}
                </Button>
                <Button type="link" size="small" onClick={() => setEditing(channel)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('alerts.channels.confirmDelete', { name: channel.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => settled(remove.mutateAsync(channel))}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      {manage && (
        <div className="table-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="alert-channel-new">
            {t('alerts.channels.create')}
          </Button>
        </div>
      )}
      <Table<AlertChannelView>
        data-testid="alert-channels-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={channels.data?.items ?? []}
        loading={channels.isPending}
        pagination={false}
        rowClassName={(channel) => (channel.enabled ? '' : 'row-muted')}
        locale={{ emptyText: <EmptyState description={channels.isError ? describeError(channels.error) : t('alerts.channels.empty')} /> }}
      />
      <ChannelModal
        open={editing !== null}
        channel={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
    </>
  );
}
