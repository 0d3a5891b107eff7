import type { OrderView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ordersApi, orderKeys } from '../../api/orders';
import { useErrorMessage } from '../../lib/errors';
import { buttonTestId } from '../../lib/testIds';

/** Cancels an unpaid order; its reserved stock is released at once. */
export function CancelOrderModal({ order, open, onClose }: { order: OrderView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();

  const cancel = useMutation({
    mutationFn: (reason: string) => ordersApi.cancel(order.id, reason ? { reason } : {}),
    onSuccess: () => {
      message.success(t('orderDetail.cancel.done'));
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      onClose();
    },
    onError: (error) => message.error(describeError(error, { conflict: t('orderDetail.cancel.conflict') })),
  });

  return (
    <Modal
      title={t('orderDetail.cancel.title')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('orderDetail.cancel.submit')}
      okButtonProps={{ ...buttonTestId('order-cancel-submit'), danger: true }}
      cancelText={t('common.close')}
      confirmLoading={cancel.isPending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Typography.Paragraph>{t('orderDetail.cancel.text', { orderNo: order.orderNo })}</Typography.Paragraph>
      <Form name="cancelOrder" form={form} layout="vertical" onFinish={({ reason }) => cancel.mutate((reason ?? '').trim())}>
        <Form.Item name="reason" label={`${t('orderDetail.cancel.reason')} ${t('common.optional')}`}>
          <Input maxLength={200} placeholder={t('orderDetail.cancel.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
