import { EyeOutlined, LockOutlined, SearchOutlined } from '@ant-design/icons';
import { Phone, type BuyerView } from '@livedesk/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys } from '../../api/endpoints';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { permissionLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';

export function BuyersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const [phone, setPhone] = useState<string | null>(null);
  // Unmasked numbers live only in component state: they are never cached or kept after leaving the page.
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  const canReveal = can('pii:read');
  const buyers = useQuery({
    queryKey: queryKeys.buyers(phone ?? ''),
    queryFn: () => api.findBuyersByPhone(phone ?? ''),
    enabled: phone !== null,
  });

  const reveal = useMutation({
    mutationFn: (buyer: BuyerView) => api.revealBuyer(buyer.id),
    onSuccess: (buyer) => {
      if (buyer.phone) setRevealed((current) => ({ ...current, [buyer.id]: buyer.phone ?? '' }));
    },
    onError: (error) => message.error(describeError(error)),
  });

  const columns: TableColumnsType<BuyerView> = [
    {
      title: t('buyers.columns.nickname'),
      dataIndex: 'nickname',
      render: (nickname: string | null) =>
        nickname ?? <Typography.Text type="secondary">{t('buyers.noNickname')}</Typography.Text>,
    },
    {
      title: t('buyers.columns.phone'),
      key: 'phone',
      width: 260,
      render: (_value, buyer) => {
        const unmasked = revealed[buyer.id];
        if (unmasked) {
          return (
            <Space size={6}>
              <Typography.Text className="mono" copyable>
                {unmasked}
              </Typography.Text>
              <Tag color="orange">{t('buyers.revealed')}</Tag>
            </Space>
          );
        }
        if (!buyer.phone) return <Typography.Text type="secondary">{t('buyers.noPhone')}</Typography.Text>;
        return (
          <Space size={6}>
            <Typography.Text className="mono">{buyer.phone}</Typography.Text>
            {buyer.phoneMasked && (
              <Tag icon={<LockOutlined />} variant="filled">
                {t('buyers.masked')}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: t('buyers.columns.id'),
      dataIndex: 'id',
      render: (id: string) => (
        <Typography.Text type="secondary" className="mono" copyable={{ text: id }}>
          {id}
        </Typography.Text>
      ),
    },
    {
      title: t('buyers.columns.created'),
      dataIndex: 'createdAt',
      width: 170,
      render: (createdAt: number) => time.format(createdAt, 'YYYY-MM-DD HH:mm'),
    },
    ...(canReveal
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_value: unknown, buyer: BuyerView) =>
              buyer.phoneMasked &&
              !revealed[buyer.id] && (
                <Tooltip title={t('buyers.revealHint')}>
                  <Button
                    type="link"
                    size="small"
                    icon={<EyeOutlined />}
                    loading={reveal.isPending && reveal.variables.id === buyer.id}
                    onClick={() => reveal.mutate(buyer)}
                    data-testid="buyer-reveal"
                  >
                    {t('buyers.reveal')}
                  </Button>
                </Tooltip>
              ),
          },
        ]
      : []),
  ];

  const anyRevealed = Object.keys(revealed).length > 0;

  return (
    <>
      <PageHeader title={t('buyers.title')} subtitle={t('buyers.subtitle')} />
      <Card className="page-card">
        <Form
          name="buyerSearch"
          layout="inline"
          className="filter-bar"
          onFinish={({ phone: value }: { phone: string }) => {
            setRevealed({});
            setPhone(value.trim());
          }}
        >
          <Form.Item
            name="phone"
            label={t('buyers.phone')}
            rules={[
              { required: true, message: t('buyers.phoneRequired') },
              {
                validator: (_rule, value: string | undefined) =>
                  !value || Phone.safeParse(value.trim()).success
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('buyers.phoneInvalid'))),
              },
            ]}
          >
            <Input
              allowClear
              inputMode="numeric"
              maxLength={11}
              placeholder={t('buyers.phonePlaceholder')}
              className="phone-input"
              data-testid="buyer-phone"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={buyers.isFetching}>
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
        {!canReveal && (
          <Typography.Paragraph type="secondary" className="buyers-note">
            <LockOutlined /> {t('buyers.noRevealPermission', { permission: t(permissionLabelKey('pii:read')) })}
          </Typography.Paragraph>
        )}
        {anyRevealed && <Alert type="warning" showIcon title={t('buyers.revealNote')} className="buyers-reveal-note" />}
        {phone === null ? (
          <EmptyState description={t('buyers.idle')} />
        ) : (
          <Table<BuyerView>
            data-testid="buyers-table"
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={buyers.data?.items ?? []}
            loading={buyers.isPending}
            pagination={false}
            locale={{
              emptyText: (
                <EmptyState description={buyers.isError ? describeError(buyers.error) : t('buyers.empty')} />
              ),
            }}
          />
        )}
      </Card>
    </>
  );
}
