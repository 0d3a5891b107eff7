import { PlusOutlined } from '@ant-design/icons';
import type { ApiKeyScope, ApiKeyView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys, type CreatedApiKey } from '../../api/endpoints';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { isIngestScope, scopeLabelKey } from '../../i18n/labels';
import { settled, useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { CreatedKeyModal } from './CreatedKeyModal';
import { apiKeyStatus, apiKeyStatusColor } from './keyStatus';

// Beyond this many, scopes collapse into a "+N" tag whose tooltip lists the rest.
const visibleScopeCount = 2;

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: api.listApiKeys });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => api.revokeApiKey(key.id),
    onSuccess: (_nothing, key) => {
      message.success(t('apiKeys.revoked', { name: key.name }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
    onError: (error) => message.error(describeError(error)),
  });

  const scopeTag = (scope: ApiKeyScope) => (
    <Tag key={scope} color={isIngestScope(scope) ? 'geekblue' : undefined} variant="filled">
      {t(scopeLabelKey(scope))}
    </Tag>
  );

  const now = Date.now();
  const columns: TableColumnsType<ApiKeyView> = [
    {
      title: t('apiKeys.columns.name'),
      dataIndex: 'name',
      width: 170,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: t('apiKeys.columns.prefix'),
      dataIndex: 'prefix',
      width: 120,
      render: (prefix: string) => <Typography.Text className="mono" type="secondary">{`${prefix}…`}</Typography.Text>,
    },
    {
      title: t('apiKeys.columns.scopes'),
      dataIndex: 'scopes',
      render: (scopes: ApiKeyScope[]) => {
        const hidden = scopes.slice(visibleScopeCount);
        return (
          <Space size={[4, 4]} wrap>
            {scopes.slice(0, visibleScopeCount).map(scopeTag)}
            {hidden.length > 0 && (
              <Tooltip title={<Space size={[4, 4]} wrap>{hidden.map(scopeTag)}</Space>} color="#fff">
                <Tag>{t('apiKeys.moreScopes', { count: hidden.length })}</Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    {
      title: t('apiKeys.columns.created'),
      dataIndex: 'createdAt',
      width: 135,
      render: (createdAt: number) => time.format(createdAt, 'YYYY-MM-DD HH:mm'),
    },
    {
      title: t('apiKeys.columns.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 135,
      render: (lastUsedAt: number | null) =>
        lastUsedAt === null ? (
          <Typography.Text type="secondary">{t('apiKeys.neverUsed')}</Typography.Text>
        ) : (
          time.format(lastUsedAt, 'YYYY-MM-DD HH:mm')
        ),
    },
    {
      title: t('apiKeys.columns.expires'),
      dataIndex: 'expiresAt',
      width: 105,
      render: (expiresAt: number | null) =>
        expiresAt === null ? (
          <Typography.Text type="secondary">{t('apiKeys.noExpiry')}</Typography.Text>
        ) : (
          time.format(expiresAt, 'YYYY-MM-DD')
        ),
    },
    {
      title: t('apiKeys.columns.status'),
      key: 'status',
      width: 80,
      render: (_value, key) => {
        const status = apiKeyStatus(key, now);
        return <Tag color={apiKeyStatusColor[status]}>{t(`apiKeys.status.${status}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      render: (_value, key) =>
        key.revokedAt === null && (
          <Popconfirm
            title={t('apiKeys.confirmRevoke', { name: key.name })}
            okText={t('apiKeys.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => settled(revoke.mutateAsync(key))}
          >
            <Button type="link" size="small" danger>
              {t('apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        subtitle={t('apiKeys.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-api-key">
            {t('apiKeys.create')}
          </Button>
        }
      />
      <Card className="page-card">
        <Table<ApiKeyView>
          data-testid="apikeys-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={keys.data?.items ?? []}
          loading={keys.isPending}
          pagination={false}
          rowClassName={(key) => (key.revokedAt === null ? '' : 'row-muted')}
          locale={{
            emptyText: <EmptyState description={keys.isError ? describeError(keys.error) : t('apiKeys.empty')} />,
          }}
        />
      </Card>
      <CreateApiKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
        }}
      />
      <CreatedKeyModal createdKey={created} onClose={() => setCreated(null)} />
    </>
  );
}
