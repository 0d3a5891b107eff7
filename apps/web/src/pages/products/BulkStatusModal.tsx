import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Modal, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { catalogApi, catalogKeys } from '../../api/catalog';
import { useErrorMessage } from '../../lib/errors';
import { buttonTestId } from '../../lib/testIds';
import { useOrgTime } from '../../lib/time';

interface BulkValues {
  when: 'now' | 'scheduled';
  at?: Dayjs | null;
}

/** Lists (上架) or delists (下架) the selected products now, or schedules it. */
export function BulkStatusModal({
  status,
  productIds,
  onClose,
}: {
  status: 'listed' | 'delisted' | null;
  productIds: string[];
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BulkValues>();
  const when = Form.useWatch('when', form) ?? 'now';
  const listing = status === 'listed';

  const apply = useMutation({
    mutationFn: (at: number | undefined) =>
      catalogApi.bulkStatus({ productIds, status: status ?? 'listed', ...(at === undefined ? {} : { at }) }),
    onSuccess: (result, at) => {
      const count = result.items.length;
      if (at === undefined) message.success(t(listing ? 'products.bulk.listedNow' : 'products.bulk.delistedNow', { count }));
      else message.success(t('products.bulk.scheduled', { count, time: time.format(at, 'YYYY-MM-DD HH:mm') }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      onClose(true);
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Modal
      title={t(listing ? 'products.bulk.listTitle' : 'products.bulk.delistTitle', { count: productIds.length })}
      open={status !== null}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      okButtonProps={buttonTestId('products-bulk-submit')}
      confirmLoading={apply.isPending}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        {t(listing ? 'products.bulk.listHint' : 'products.bulk.delistHint')}
      </Typography.Paragraph>
      <Form<BulkValues>
        name="bulkStatus"
        form={form}
        layout="vertical"
        initialValues={{ when: 'now' }}
        onFinish={(values) => apply.mutate(values.when === 'scheduled' && values.at ? time.fromPicker(values.at) : undefined)}
      >
        <Form.Item name="when" label={t('products.bulk.when')}>
          <Radio.Group
            options={[
              { value: 'now', label: t('products.bulk.now') },
              { value: 'scheduled', label: t('products.bulk.scheduledOption') },
            ]}
          />
        </Form.Item>
        {when === 'scheduled' && (
          <Form.Item
            name="at"
            label={t('products.bulk.at', { timezone: time.timezone })}
            rules={[
              { required: true, message: t('products.bulk.atRequired') },
              {
                validator: (_rule, value: Dayjs | null | undefined) =>
                  !value || time.fromPicker(value) > Date.now() ? Promise.resolve() : Promise.reject(new Error(t('products.bulk.atPast'))),
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              className="full-width"
              disabledDate={(day) => day.isBefore(dayjs(), 'day')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
