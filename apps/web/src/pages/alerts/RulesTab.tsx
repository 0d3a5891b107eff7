import { PlusOutlined } from '@ant-design/icons';
import type { AlertChannelView, AlertRuleView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertKeys, alertsApi } from '../../api/alerts';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { settled, useErrorMessage } from '../../lib/errors';
import { RuleModal } from './RuleModal';
import { useAlertText } from './useAlertText';

interface RulesTabProps {
  shows: { id: string; title: string }[];
  channels: AlertChannelView[];
}

/** The whole rule as PUT takes it, from what GET returned. */
const bodyOf = ({ id: _id, createdAt: _created, updatedAt: _updated, ...body }: AlertRuleView) => body;

export function RulesTab({ shows, channels }: RulesTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const text = useAlertText();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<AlertRuleView | 'new' | null>(null);
  const manage = can('alerts:manage');

  const rules = useQuery({ queryKey: alertKeys.rules, queryFn: alertsApi.rules });
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.rules });
  const toggle = useMutation({
    mutationFn: (rule: AlertRuleView) => alertsApi.replaceRule(rule.id, { ...bodyOf(rule), enabled: !rule.enabled }),
    onError: (error) => message.error(describeError(error)),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (rule: AlertRuleView) => alertsApi.deleteRule(rule.id),
    onSuccess: () => message.success(t('alerts.rules.deleted')),
    onError: (error) => message.error(describeError(error)),
    onSettled: refresh,
  });

  const showTitle = new Map(shows.map((show) => [show.id, show.title]));
  const channelName = new Map(channels.map((channel) => [channel.id, channel.name]));

  const columns: TableColumnsType<AlertRuleView> = [
    { title: t('alerts.rules.columns.name'), dataIndex: 'name', width: 170, render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: t('alerts.rules.columns.scope'),
      dataIndex: 'liveSessionId',
      width: 170,
      ellipsis: true,
      render: (id: string | null) =>
        id === null ? t('alerts.rules.allShows') : t('alerts.rules.oneShow', { title: showTitle.get(id) ?? id }),
    },
    { title: t('alerts.rules.columns.condition'), key: 'condition', render: (_value, rule) => text.condition(rule.metric, rule.condition) },
    {
      title: t('alerts.rules.columns.cooldown'),
      dataIndex: 'cooldownMinutes',
      width: 90,
      render: (minutes: number) => t('alerts.rules.cooldownValue', { minutes }),
    },
    {
      title: t('alerts.rules.columns.channels'),
      dataIndex: 'channelIds',
      width: 200,
      render: (ids: string[]) =>
        ids.length === 0 ? (
          <Typography.Text type="secondary">{t('alerts.rules.consoleOnly')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {ids.map((id) => (
              <Tag key={id}>{channelName.get(id) ?? id}</Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('alerts.rules.columns.enabled'),
      key: 'enabled',
      width: 70,
      render: (_value, rule) => (
        <Switch size="small" checked={rule.enabled} disabled={!manage} loading={toggle.isPending && toggle.variables?.id === rule.id} onChange={() => toggle.mutate(rule)} />
      ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_value: unknown, rule: AlertRuleView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(rule)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('alerts.rules.confirmDelete', { name: rule.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => settled(remove.mutateAsync(rule))}
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
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="alert-rule-new">
            {t('alerts.rules.create')}
          </Button>
        </div>
      )}
      <Table<AlertRuleView>
        data-testid="alert-rules-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.isPending}
        pagination={false}
        rowClassName={(rule) => (rule.enabled ? '' : 'row-muted')}
        locale={{ emptyText: <EmptyState description={rules.isError ? describeError(rules.error) : t('alerts.rules.empty')} /> }}
      />
      <RuleModal
        open={editing !== null}
        rule={editing === 'new' ? null : editing}
        shows={shows}
        channels={channels}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
    </>
  );
}
