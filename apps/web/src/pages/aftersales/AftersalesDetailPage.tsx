import {
  ArrowLeftOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  InboxOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { AftersalesDetailView, AftersalesStatus, AftersalesType, ReturnDisposition } from '@livedesk/contracts';
import { TrackingNo } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Image,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
  type StepsProps,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { aftersalesApi, aftersalesKeys } from '../../api/aftersales';
import { inventoryKeys } from '../../api/inventory';
import { orderKeys } from '../../api/orders';
import { useCan } from '../../auth/me';
import { CarrierSelect, useCarrierName } from '../../components/commerce/Carrier';
import { Countdown } from '../../components/commerce/Countdown';
import { Money } from '../../components/commerce/Money';
import { OrderStatusTag, PaymentStatusTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { LoadFailed } from '../../components/LoadFailed';
import { PageHeader } from '../../components/PageHeader';
import { aftersalesStatusLabelKey, dispositionLabelKey } from '../../i18n/labels';
import { settled, useErrorMessage } from '../../lib/errors';
import { formatFen } from '../../lib/money';
import { buttonTestId } from '../../lib/testIds';
import { useOrgTime } from '../../lib/time';
import { OrderTimeline } from '../orders/OrderTimeline';
import { AftersalesStatusTag, AftersalesTypeTag, isOpenStatus, slaLabelKey } from './AftersalesTags';
import { EvidenceImage } from './EvidenceImage';

type CaseLine = AftersalesDetailView['lines'][number];
type Dialog = 'reject' | 'receive' | 'close' | 'replacement' | null;

/** The happy path of each case type, for the progress bar. */
const paths: Record<AftersalesType, AftersalesStatus[]> = {
  refund_only: ['requested', 'approved', 'refunded'],
  return_refund: ['requested', 'approved', 'return_shipped', 'received', 'refunded'],
  exchange: ['requested', 'approved', 'return_shipped', 'received', 'closed'],
};

export function AftersalesDetailPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const detail = useQuery({ queryKey: aftersalesKeys.detail(caseId), queryFn: () => aftersalesApi.detail(caseId), staleTime: 0 });

  if (detail.isPending) return <Spin className="drawer-spin" />;
  if (detail.isError) {
    return <LoadFailed title={t('aftersalesDetail.loadFailed')} error={detail.error} backTo="/aftersales" backLabel={t('aftersalesDetail.back')} />;
  }
  return <CaseDetail detail={detail.data} />;
}

function CaseDetail({ detail }: { detail: AftersalesDetailView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const carrierName = useCarrierName();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);

  const canDecide = can('aftersales:write');
  // Receiving returns and shipping replacements is warehouse work too.
  const canHandleGoods = can('aftersales:write') || can('fulfillment:write');
  const { status, type } = detail;

  const act = useMutation({
    mutationFn: (action: () => Promise<AftersalesDetailView>) => action(),
    onSuccess: (updated) => {
      message.success(t('aftersalesDetail.moved', { status: t(aftersalesStatusLabelKey(updated.status)) }));
      queryClient.setQueryData(aftersalesKeys.detail(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: aftersalesKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      setDialog(null);
    },
    onError: (error) => message.error(describeError(error, { conflict: t('aftersalesDetail.conflict') })),
  });

  const refundable = (type === 'refund_only' && status === 'approved') || (type === 'return_refund' && status === 'received');
  const closable = status === 'requested' || status === 'approved' || (status === 'received' && type !== 'refund_only');

  const actions = (
    <Space wrap>
      <Link to="/aftersales">
        <Button icon={<ArrowLeftOutlined />}>{t('aftersalesDetail.back')}</Button>
      </Link>
      {status === 'requested' && canDecide && (
        <>
          <Button type="primary" icon={<CheckOutlined />} loading={act.isPending} onClick={() => act.mutate(() => aftersalesApi.approve(detail.id))} data-testid="aftersales-approve">
            {t('aftersalesDetail.approve')}
          </Button>
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('reject')} data-testid="aftersales-reject">
            {t('aftersalesDetail.reject')}
          </Button>
        </>
      )}
      {status === 'return_shipped' && canHandleGoods && (
        <Button type="primary" icon={<InboxOutlined />} onClick={() => setDialog('receive')} data-testid="aftersales-receive">
          {t('aftersalesDetail.receive')}
        </Button>
      )}
      {refundable && canDecide && (
        <Popconfirm
          title={t('aftersalesDetail.confirmRefund', { amount: formatFen(detail.refundFen) })}
          okText={t('aftersalesDetail.refund')}
          okButtonProps={{ danger: true, ...buttonTestId('aftersales-refund-confirm') }}
          cancelText={t('common.cancel')}
          onConfirm={() => settled(act.mutateAsync(() => aftersalesApi.refund(detail.id)))}
        >
          <Button type="primary" danger icon={<RollbackOutlined />} data-testid="aftersales-refund">
            {t('aftersalesDetail.refundAmount', { amount: formatFen(detail.refundFen) })}
          </Button>
        </Popconfirm>
      )}
      {type === 'exchange' && status === 'received' && canHandleGoods && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('replacement')} data-testid="aftersales-replacement">
          {t('aftersalesDetail.shipReplacement')}
        </Button>
      )}
      {closable && canDecide && (
        <Button icon={<StopOutlined />} onClick={() => setDialog('close')} data-testid="aftersales-close">
          {t('aftersalesDetail.close')}
        </Button>
      )}
    </Space>
  );

  const lineColumns: TableColumnsType<CaseLine> = [
    {
      title: t('orderDetail.lines.product'),
      key: 'product',
      render: (_value, line) => (
        <div className="cell-stack">
          <Typography.Text strong>{line.productTitle}</Typography.Text>
          <Typography.Text type="secondary" className="cell-sub">
            {line.skuTitle} · <span className="mono">{line.skuCode}</span>
          </Typography.Text>
        </div>
      ),
    },
    { title: t('orderDetail.lines.unitPrice'), dataIndex: 'unitPriceFen', width: 100, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: t('aftersalesDetail.quantity'), dataIndex: 'quantity', width: 90, align: 'right', render: (q: number) => <span className="tabular">×{q}</span> },
    { title: t('orderDetail.lines.total'), key: 'total', width: 110, align: 'right', render: (_value, line) => <Money fen={line.unitPriceFen * line.quantity} strong /> },
  ];

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;

  return (
    <>
      <PageHeader
        title={t('aftersalesDetail.title', { caseNo: detail.caseNo })}
        subtitle={t('aftersalesDetail.subtitle', { time: time.format(detail.createdAt) })}
        extra={actions}
      />
      <Card className="page-card detail-card order-progress-card" size="small">
        <div className="order-status-line">
          <Space size={8}>
            <AftersalesTypeTag type={type} />
            <AftersalesStatusTag status={status} />
          </Space>
          {isOpenStatus(status) && detail.slaDueAt !== null && (
            <Space size={6}>
              <Typography.Text type="secondary">{t(slaLabelKey(status))}</Typography.Text>
              <Countdown deadline={detail.slaDueAt} warnWithinMs={6 * 3_600_000} testId="aftersales-sla" />
            </Space>
          )}
        </div>
        <CaseProgress detail={detail} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card title={t('aftersalesDetail.info')} className="page-card detail-card" size="small">
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'reason', label: t('aftersalesDetail.reason'), children: detail.reason },
                  {
                    key: 'refund',
                    label: t('aftersalesDetail.refundFen'),
                    children: type === 'exchange' ? t('aftersalesDetail.noRefundExchange') : <Money fen={detail.refundFen} strong />,
                  },
                  { key: 'description', label: t('aftersalesDetail.description'), span: 2, children: detail.description || none },
                  ...(detail.unshipped
                    ? [{ key: 'unshipped', label: t('aftersalesDetail.unshippedLabel'), span: 2, children: t('aftersalesDetail.unshipped') }]
                    : []),
                  ...(type !== 'refund_only'
                    ? [
                        {
                          key: 'return',
                          label: t('aftersalesDetail.returnParcel'),
                          children: detail.returnTrackingNo ? (
                            <span>
                              {carrierName(detail.returnCarrier ?? '')} <span className="mono">{detail.returnTrackingNo}</span>
                            </span>
                          ) : (
                            none
                          ),
                        },
                        {
                          key: 'disposition',
                          label: t('aftersalesDetail.disposition'),
                          children: detail.disposition ? t(dispositionLabelKey(detail.disposition)) : none,
                        },
                      ]
                    : []),
                  ...(detail.rejectReason
                    ? [{ key: 'rejected', label: t('aftersalesDetail.rejectReason'), span: 2, children: <Typography.Text type="danger">{detail.rejectReason}</Typography.Text> }]
                    : []),
                ]}
              />
            </Card>
            <Card title={t('aftersalesDetail.lines')} className="page-card detail-card" size="small">
              <Table<CaseLine> size="small" rowKey="lineId" columns={lineColumns} dataSource={detail.lines} pagination={false} />
            </Card>
            <Card title={t('aftersalesDetail.evidence', { count: detail.evidence.length })} className="page-card detail-card" size="small">
              {detail.evidence.length === 0 ? (
                <EmptyState description={t('aftersalesDetail.noEvidence')} />
              ) : (
                <Image.PreviewGroup>
                  <div className="evidence-grid" data-testid="aftersales-evidence">
                    {detail.evidence.map((_key, index) => (
                      <EvidenceImage key={index} path={aftersalesApi.evidencePath(detail.id, index)} alt={t('aftersalesDetail.evidenceAlt', { index: index + 1 })} />
                    ))}
                  </div>
                </Image.PreviewGroup>
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card
              title={t('aftersalesDetail.order')}
              className="page-card detail-card"
              size="small"
              extra={<Link to={`/orders/${encodeURIComponent(detail.order.id)}`}>{t('aftersalesDetail.openOrder')}</Link>}
            >
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'no', label: t('orderDetail.summary.orderNo'), children: <span className="mono">{detail.order.orderNo}</span> },
                  {
                    key: 'status',
                    label: t('orders.columns.status'),
                    children: (
                      <Space size={4}>
                        <OrderStatusTag status={detail.order.status} />
                        <PaymentStatusTag status={detail.order.paymentStatus} />
                      </Space>
                    ),
                  },
                  { key: 'total', label: t('orderDetail.summary.total'), children: <Money fen={detail.order.totalFen} /> },
                  { key: 'paid', label: t('orderDetail.summary.paid'), children: <Money fen={detail.order.paidFen} /> },
                  { key: 'refunded', label: t('orderDetail.summary.refunded'), children: <Money fen={detail.order.refundedFen} /> },
                  { key: 'placed', label: t('orderDetail.summary.created'), children: time.format(detail.order.createdAt, 'YYYY-MM-DD HH:mm') },
                ]}
              />
            </Card>
            <Card title={t('aftersalesDetail.timeline')} className="page-card detail-card" size="small">
              <OrderTimeline events={detail.timeline} inCase />
            </Card>
          </Space>
        </Col>
      </Row>
      <RejectModal open={dialog === 'reject'} pending={act.isPending} onClose={() => setDialog(null)} onSubmit={(reason) => act.mutate(() => aftersalesApi.reject(detail.id, reason))} />
      <ReceiveModal
        open={dialog === 'receive'}
        detail={detail}
        pending={act.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(disposition) => act.mutate(() => aftersalesApi.receive(detail.id, disposition))}
      />
      <CloseModal open={dialog === 'close'} pending={act.isPending} onClose={() => setDialog(null)} onSubmit={(reason) => act.mutate(() => aftersalesApi.close(detail.id, reason))} />
      <ReplacementModal
        open={dialog === 'replacement'}
        pending={act.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(body) => act.mutate(() => aftersalesApi.shipReplacement(detail.id, body))}
      />
    </>
  );
}

function CaseProgress({ detail }: { detail: AftersalesDetailView }) {
  const { t } = useTranslation();
  const path = paths[detail.type];
  const ended = detail.status === 'rejected' || (detail.status === 'closed' && detail.type !== 'exchange');
  // A rejected or closed-early case stops where it was: the step after the last one reached.
  const reached = detail.timeline
    .map((event) => event.detail.to)
    .filter((to): to is AftersalesStatus => typeof to === 'string' && (path as string[]).includes(to));
  const lastReached = Math.max(0, ...reached.map((s) => path.indexOf(s)));
  const current = ended ? lastReached + 1 : path.indexOf(detail.status);
  const items: StepsProps['items'] = path.map((step, index) => {
    if (ended && index === current) return { title: t(aftersalesStatusLabelKey(detail.status)), status: 'error' };
    return { title: t(aftersalesStatusLabelKey(step)) };
  });
  const shown = ended ? items.slice(0, current + 1) : items;
  const done = !ended && current === path.length - 1;
  return <Steps className="order-progress" size="small" current={Math.min(current, shown.length - 1)} status={ended ? 'error' : done ? 'finish' : 'process'} items={shown} />;
}

function RejectModal({ open, pending, onClose, onSubmit }: { open: boolean; pending: boolean; onClose: () => void; onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      title={t('aftersalesDetail.rejectTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('aftersalesDetail.reject')}
      okButtonProps={{ danger: true, ...buttonTestId('aftersales-reject-submit') }}
      confirmLoading={pending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form name="rejectCase" form={form} layout="vertical" onFinish={({ reason }) => onSubmit(reason.trim())}>
        <Form.Item name="reason" label={t('aftersalesDetail.rejectReason')} extra={t('aftersalesDetail.rejectHint')} rules={[{ required: true, whitespace: true, message: t('aftersalesDetail.rejectRequired') }]}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="aftersales-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReceiveModal({
  open,
  detail,
  pending,
  onClose,
  onSubmit,
}: {
  open: boolean;
  detail: AftersalesDetailView;
  pending: boolean;
  onClose: () => void;
  onSubmit: (disposition: ReturnDisposition) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ disposition: ReturnDisposition }>();
  const units = detail.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Modal
      title={t('aftersalesDetail.receiveTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('aftersalesDetail.receive')}
      okButtonProps={buttonTestId('aftersales-receive-submit')}
      confirmLoading={pending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Typography.Paragraph>{t('aftersalesDetail.receiveText', { count: units })}</Typography.Paragraph>
      <Form name="receiveReturn" form={form} layout="vertical" initialValues={{ disposition: 'restock' }} onFinish={({ disposition }) => onSubmit(disposition)}>
        <Form.Item name="disposition" label={t('aftersalesDetail.disposition')}>
          <Radio.Group data-testid="aftersales-disposition" className="disposition-options">
            <Radio value="restock">
              <span className="disposition-option">
                <strong>{t('disposition.restock')}</strong>
                <Typography.Text type="secondary">{t('aftersalesDetail.restockHint')}</Typography.Text>
              </span>
            </Radio>
            <Radio value="write_off">
              <span className="disposition-option">
                <strong>{t('disposition.write_off')}</strong>
                <Typography.Text type="secondary">{t('aftersalesDetail.writeOffHint')}</Typography.Text>
              </span>
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal({ open, pending, onClose, onSubmit }: { open: boolean; pending: boolean; onClose: () => void; onSubmit: (reason?: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <Modal
      title={t('aftersalesDetail.closeTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('aftersalesDetail.close')}
      okButtonProps={buttonTestId('aftersales-close-submit')}
      confirmLoading={pending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Alert type="warning" showIcon className="modal-alert" title={t('aftersalesDetail.closeText')} />
      <Form name="closeCase" form={form} layout="vertical" onFinish={({ reason }) => onSubmit(reason?.trim() || undefined)}>
        <Form.Item name="reason" label={`${t('aftersalesDetail.closeReason')} ${t('common.optional')}`}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReplacementModal({
  open,
  pending,
  onClose,
  onSubmit,
}: {
  open: boolean;
  pending: boolean;
  onClose: () => void;
  onSubmit: (body: { carrier: string; trackingNo: string }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ carrier: string; trackingNo: string }>();
  return (
    <Modal
      title={t('aftersalesDetail.replacementTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('ship.submit')}
      okButtonProps={buttonTestId('aftersales-replacement-submit')}
      confirmLoading={pending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('aftersalesDetail.replacementText')}</Typography.Paragraph>
      <Form name="replacement" form={form} layout="vertical" onFinish={({ carrier, trackingNo }) => onSubmit({ carrier, trackingNo: trackingNo.trim() })}>
        <div className="ship-fields">
          <Form.Item name="carrier" label={t('ship.carrier')} rules={[{ required: true, message: t('ship.carrierRequired') }]}>
            <CarrierSelect />
          </Form.Item>
          <Form.Item
            name="trackingNo"
            label={t('ship.trackingNo')}
            rules={[
              { required: true, whitespace: true, message: t('ship.trackingRequired') },
              {
                validator: (_rule, value: string | undefined) =>
                  !value || TrackingNo.safeParse(value).success ? Promise.resolve() : Promise.reject(new Error(t('ship.trackingInvalid'))),
              },
            ]}
          >
            <Input className="mono-input" maxLength={40} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
