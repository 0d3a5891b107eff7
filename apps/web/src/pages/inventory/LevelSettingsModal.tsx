import type { StockLevelView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { inventoryApi, inventoryKeys } from '../../api/inventory';
import { useErrorMessage } from '../../lib/errors';

interface LevelSettingsValues {
  lowStockThreshold: number | null;
  bin: string;
}

/** The low-stock threshold and bin (库位) of one SKU in one warehouse. */
export function LevelSettingsModal({ level, onClose }: { level: StockLevelView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LevelSettingsValues>();

  useEffect(() => {
    if (level) form.setFieldsValue({ lowStockThreshold: level.lowStockThreshold, bin: level.bin ?? '' });
  }, [form, level]);

  const save = useMutation({
    mutationFn: inventoryApi.updateLevel,
    onSuccess: () => {
      message.success(t('inventory.settingsSaved'));
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      onClose();
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Modal
      title={t('inventory.settingsTitle')}
      open={level !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      {level && (
        <Typography.Paragraph type="secondary">
          {level.productTitle} · {level.skuTitle} · <span className="mono">{level.skuCode}</span> · {level.warehouseName}
        </Typography.Paragraph>
      )}
      <Form<LevelSettingsValues>
        name="levelSettings"
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (!level) return;
          save.mutate({
            skuId: level.skuId,
            warehouseId: level.warehouseId,
            lowStockThreshold: values.lowStockThreshold ?? null,
            bin: values.bin.trim() || null,
          });
        }}
      >
        <Form.Item name="lowStockThreshold" label={t('inventory.threshold')} extra={t('inventory.thresholdHint')}>
          <InputNumber className="full-width" min={0} max={10_000_000} precision={0} placeholder={t('inventory.thresholdNone')} />
        </Form.Item>
        <Form.Item name="bin" label={t('inventory.bin')} extra={t('inventory.binHint')}>
          <Input maxLength={40} placeholder={t('inventory.binPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
