import type { StockLevelView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { inventoryApi, inventoryKeys } from '../../api/inventory';
import { ledgerKindLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { buttonTestId } from '../../lib/testIds';

type AdjustKind = 'inbound' | 'adjustment' | 'write_off';
const kinds: AdjustKind[] = ['inbound', 'adjustment', 'write_off'];

interface AdjustValues {
  kind: AdjustKind;
  quantity: number | null;
  reason: string;
}

/** What the quantity typed does to on-hand stock: inbound adds, write-off removes, adjustment is signed. */
const onHandDelta = (kind: AdjustKind, quantity: number) => (kind === 'write_off' ? -quantity : quantity);

export function AdjustStockModal({ level, onClose }: { level: StockLevelView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AdjustValues>();
  const kind = Form.useWatch('kind', form) ?? 'inbound';
  const quantity = Form.useWatch('quantity', form);

  const adjust = useMutation({
    mutationFn: inventoryApi.adjust,
    onSuccess: () => {
      message.success(t('inventory.adjustDone'));
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      onClose();
    },
    onError: (error) =>
      message.error(describeError(error, { conflict: t('inventory.adjustBelowReserved') })),
  });

  const delta = typeof quantity === 'number' && quantity !== 0 ? onHandDelta(kind, quantity) : null;

  return (
    <Modal
      title={t('inventory.adjustTitle')}
      open={level !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={buttonTestId('adjust-submit')}
      confirmLoading={adjust.isPending}
      destroyOnHidden
      afterClose={() => form.resetFields()}
    >
      {level && (
        <>
          <Descriptions
            size="small"
            column={2}
            className="modal-descriptions"
            items={[
              { key: 'product', label: t('inventory.columns.product'), span: 2, children: `${level.productTitle} · ${level.skuTitle}` },
              { key: 'sku', label: t('inventory.columns.sku'), children: <span className="mono">{level.skuCode}</span> },
              { key: 'warehouse', label: t('inventory.columns.warehouse'), children: level.warehouseName },
              { key: 'onHand', label: t('inventory.columns.onHand'), children: level.onHand },
              { key: 'reserved', label: t('inventory.columns.reserved'), children: level.reserved },
            ]}
          />
          <Form<AdjustValues>
            name="adjustStock"
            form={form}
            layout="vertical"
            initialValues={{ kind: 'inbound', quantity: null, reason: '' }}
            onFinish={(values) =>
              adjust.mutate({
                skuId: level.skuId,
                warehouseId: level.warehouseId,
                kind: values.kind,
                quantity: values.quantity ?? 0,
                reason: values.reason.trim(),
              })
            }
          >
            <Form.Item name="kind" label={t('inventory.adjustKind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="adjust-kind"
                options={kinds.map((value) => ({ value, label: t(ledgerKindLabelKey(value)) }))}
              />
            </Form.Item>
            <Form.Item
              name="quantity"
              label={t('inventory.quantity')}
              extra={t(`inventory.quantityHint.${kind}`)}
              rules={[
                { required: true, message: t('inventory.quantityRequired') },
                {
                  validator: (_rule, value: number | null) => {
                    if (value === null || value === undefined) return Promise.resolve();
                    if (value === 0) return Promise.reject(new Error(t('inventory.quantityNotZero')));
                    if (kind !== 'adjustment' && value < 0) return Promise.reject(new Error(t('inventory.quantityPositive')));
                    if (level.onHand + onHandDelta(kind, value) < level.reserved) {
                      return Promise.reject(new Error(t('inventory.adjustBelowReserved')));
                    }
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <InputNumber
                className="full-width"
                precision={0}
                min={kind === 'adjustment' ? -10_000_000 : 1}
                max={10_000_000}
                data-testid="adjust-quantity"
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('inventory.reason')}
              rules={[{ required: true, whitespace: true, message: t('inventory.reasonRequired') }]}
            >
              <Input maxLength={200} placeholder={t(`inventory.reasonPlaceholder.${kind}`)} data-testid="adjust-reason" />
            </Form.Item>
          </Form>
          {delta !== null && (
            <Alert
              type={level.onHand + delta < level.reserved ? 'error' : 'info'}
              showIcon
              title={
                <Typography.Text>
                  {t('inventory.adjustPreview', {
                    from: level.onHand,
                    to: level.onHand + delta,
                    available: level.onHand + delta - level.reserved,
                  })}
                </Typography.Text>
              }
            />
          )}
        </>
      )}
    </Modal>
  );
}
