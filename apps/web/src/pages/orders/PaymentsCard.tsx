import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import type { OrderView, PaymentView, RefundView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ordersApi, orderKeys } from '../../api/orders';
import { useCan } from '../../auth/me';
import { Money } from '../../components/commerce/Money';
import { PaymentStateTag, RefundStateTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { paymentProviderLabelKey } from '../../i18n/labels';
import { settled, useErrorMessage } from '../../lib/errors';
import { formatFen } from '../../lib/money';
import { useReasonText } from '../../lib/reasons';
import { useOrgTime } from '../../lib/time';

/** Payments and refunds of one order, from the payments API; sandbox payments can be settled here. */
export function PaymentsCard({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const reasonText = useReasonText();
  const queryClient = useQueryClient();

  const payments = useQuery({ queryKey: orderKeys.payments(order.id), queryFn: () => ordersApi.payments(order.id) });

  const settle = useMutation({
    mutationFn: ({ payment, outcome }: { payment: PaymentView; outcome: 'succeed' | 'fail' }) =>
      ordersApi.settleSandboxPayment(payment.id, outcome),
    onSuccess: (result, { outcome }) => {
      if (!result.applied) message.info(t('orderDetail.payments.notApplied'));
      else message.success(t(outcome === 'succeed' ? 'orderDetail.payments.simulatedSuccess' : 'orderDetail.payments.simulatedFailure'));
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
    onError: (error) => message.error(describeError(error, { conflict: t('orderDetail.payments.settleConflict') })),
  });

  // The actions column only exists while there is something to settle.
  // Only while the order can still be paid: a late success on a cancelled order is refunded by the server.
  const settleable =
    can('orders:write') && order.status === 'pending_payment'
      ? (payments.data?.payments ?? []).find((p) => p.provider === 'sandbox' && p.status === 'pending')
      : undefined;

  const paymentColumns: TableColumnsType<PaymentView> = [
    {
      title: t('orderDetail.payments.provider'),
      key: 'provider',
      render: (_value, payment) => (
        <div className="cell-stack">
          <span>{t(paymentProviderLabelKey(payment.provider))}</span>
          {payment.providerPaymentId && (
            <Typography.Text type="secondary" className="mono cell-sub" copyable={{ text: payment.providerPaymentId }} ellipsis>
              {payment.providerPaymentId}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('orderDetail.payments.amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    {
      title: t('orderDetail.payments.status'),
      key: 'status',
      width: 170,
      render: (_value, payment) => (
        <div className="cell-stack">
          <span>
            <PaymentStateTag state={payment.status} />
          </span>
          {payment.failureReason && (
            <Typography.Text type="danger" className="cell-sub">
              {reasonText(payment.failureReason)}
            </Typography.Text>
          )}
          {payment.refundedFen > 0 && (
            <Typography.Text type="secondary" className="cell-sub">
              {t('orderDetail.payments.refundedPart', { amount: formatFen(payment.refundedFen) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('orderDetail.payments.time'),
      dataIndex: 'createdAt',
      width: 140,
      render: (at: number) => <span className="tabular">{time.format(at, 'MM-DD HH:mm:ss')}</span>,
    },
  ];

  const refundColumns: TableColumnsType<RefundView> = [
    { title: t('orderDetail.refunds.amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: t('orderDetail.refunds.status'), dataIndex: 'status', width: 100, render: (status: RefundView['status']) => <RefundStateTag state={status} /> },
    {
      title: t('orderDetail.refunds.reason'),
      dataIndex: 'reason',
      render: (reason: string | null) => reasonText(reason) ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('orderDetail.refunds.source'),
      dataIndex: 'aftersalesId',
      width: 130,
      render: (id: string | null) => (id ? t('orderDetail.refunds.fromAftersales') : t('orderDetail.refunds.fromStaff')),
    },
    {
      title: t('orderDetail.refunds.time'),
      dataIndex: 'createdAt',
      width: 140,
      render: (at: number) => <span className="tabular">{time.format(at, 'MM-DD HH:mm:ss')}</span>,
    },
  ];

  const refunds = payments.data?.refunds ?? [];
  return (
    <Card title={t('orderDetail.payments.title')} className="page-card detail-card" size="small">
      {settleable && (
        <Alert
          type="info"
          showIcon
          className="sandbox-alert"
          title={t('orderDetail.payments.sandboxPending', { amount: formatFen(settleable.amountFen) })}
          description={t('orderDetail.payments.simulateHint')}
          action={
            <Space orientation="vertical" size={6}>
              <Button
                size="small"
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={settle.isPending && settle.variables.outcome === 'succeed'}
                onClick={() => settle.mutate({ payment: settleable, outcome: 'succeed' })}
                data-testid="payment-simulate-success"
                block
              >
                {t('orderDetail.payments.simulateSuccess')}
              </Button>
              <Popconfirm
                title={t('orderDetail.payments.confirmFail')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => settled(settle.mutateAsync({ payment: settleable, outcome: 'fail' }))}
              >
                <Button size="small" danger icon={<CloseCircleOutlined />} data-testid="payment-simulate-fail" block>
                  {t('orderDetail.payments.simulateFail')}
                </Button>
              </Popconfirm>
            </Space>
          }
        />
      )}
      <Table<PaymentView>
        data-testid="payments-table"
        tableLayout="fixed"
        size="small"
        rowKey="id"
        columns={paymentColumns}
        dataSource={payments.data?.payments ?? []}
        loading={payments.isPending}
        pagination={false}
        locale={{
          emptyText: (
            <EmptyState description={payments.isError ? describeError(payments.error) : t('orderDetail.payments.empty')} />
          ),
        }}
      />
      {refunds.length > 0 && (
        <>
          <Typography.Title level={5} className="detail-subtitle">
            {t('orderDetail.refunds.title')}
          </Typography.Title>
          <Table<RefundView>
            data-testid="refunds-table"
            tableLayout="fixed"
            size="small"
            rowKey="id"
            columns={refundColumns}
            dataSource={refunds}
            pagination={false}
          />
        </>
      )}
    </Card>
  );
}
