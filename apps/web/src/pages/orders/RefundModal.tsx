import type { OrderView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey, ordersApi, orderKeys } from '../../api/orders';
import { useErrorMessage } from '../../lib/errors';
import { fenToYuanInput, formatFen, parseYuan } from '../../lib/money';
import { buttonTestId } from '../../lib/testIds';

interface RefundValues {
  amount: string | null;
  reason: string;
}

/** Refunds part or all of what is left of the payment; the amount is typed in yuan and sent in fen. */
export function RefundModal({ order, open, onClose }: { order: OrderView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RefundValues>();
  // One key per opening: a retry after a timeout is recognised by the server instead of refunding twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const refundable = order.paidFen - order.refundedFen;

  const refund = useMutation({
    mutationFn: (values: { amountFen: number; reason: string }) => ordersApi.refund(order.id, values, idempotencyKey),
    onSuccess: (result) => {
      const failed = result.items.some((item) => item.status === 'failed');
      if (failed) message.warning(t('orderDetail.refund.failed'));
      else message.success(t('orderDetail.refund.done', { amount: formatFen(result.items.reduce((sum, item) => sum + item.amountFen, 0)) }));
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      onClose();
    },
    onError: (error) => message.error(describeError(error, { conflict: t('orderDetail.refund.tooMuch') })),
  });

  return (
    <Modal
      title={t('orderDetail.refund.title')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('orderDetail.refund.submit')}
      okButtonProps={{ ...buttonTestId('refund-submit'), danger: true }}
      confirmLoading={refund.isPending}
      afterClose={() => {
        form.resetFields();
        setIdempotencyKey(newIdempotencyKey());
      }}
      forceRender
    >
      <Alert
        type="info"
        showIcon
        className="modal-alert"
        title={t('orderDetail.refund.summary', {
          paid: formatFen(order.paidFen),
          refunded: formatFen(order.refundedFen),
          refundable: formatFen(refundable),
        })}
      />
      <Form<RefundValues>
        name="refund"
        form={form}
        layout="vertical"
        onFinish={(values) => refund.mutate({ amountFen: parseYuan(values.amount) ?? 0, reason: values.reason.trim() })}
      >
        <Form.Item label={t('orderDetail.refund.amount')} required>
          <Space.Compact className="full-width">
            <Form.Item
              name="amount"
              noStyle
              rules={[
                { required: true, message: t('orderDetail.refund.amountRequired') },
                {
                  validator: (_rule, value: string | null) => {
                    if (value === null || value === undefined || value === '') return Promise.resolve();
                    const fen = parseYuan(value);
                    if (fen === null || fen <= 0) return Promise.reject(new Error(t('orderDetail.refund.amountInvalid')));
                    if (fen > refundable) {
                      return Promise.reject(new Error(t('orderDetail.refund.amountTooHigh', { max: formatFen(refundable) })));
                    }
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <InputNumber<string>
                stringMode
                precision={2}
                min="0.01"
                max={fenToYuanInput(refundable)}
                prefix="¥"
                className="full-width"
                data-testid="refund-amount"
              />
            </Form.Item>
            <Button onClick={() => form.setFieldsValue({ amount: fenToYuanInput(refundable) })}>
              {t('orderDetail.refund.all')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orderDetail.refund.reason')}
          rules={[{ required: true, whitespace: true, message: t('orderDetail.refund.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('orderDetail.refund.reasonPlaceholder')} data-testid="refund-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
