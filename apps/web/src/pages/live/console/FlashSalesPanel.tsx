import { CaretRightOutlined, StopOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { MAX_LINE_QUANTITY, type FlashSaleState, type LiveSessionView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, InputNumber, Modal, Popconfirm, Progress, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveKeys, salesApi } from '../../../api/live';
import { Countdown } from '../../../components/commerce/Countdown';
import { YuanInput } from '../../../components/commerce/YuanInput';
import { EmptyState } from '../../../components/EmptyState';
import { settled, useErrorMessage } from '../../../lib/errors';
import { fenToYuanInput, formatFen, parseYuan } from '../../../lib/money';
import { buttonTestId } from '../../../lib/testIds';
import { flashSaleStatusLabelKey } from '../labels';
import { flashSaleBody, mergeFlashSales, skuChoices, soldOf, type FlashSaleFormValues, type FlashSaleRow } from './consoleModel';
import { useOnChange } from './useOnChange';

const statusColor: Record<FlashSaleState['status'], string> = { scheduled: 'blue', running: 'red', sold_out: 'orange', ended: 'default' };
const durations = [30, 60, 120, 180, 300, 600, 900, 1800, 3600];

interface FlashSalesPanelProps {
  session: LiveSessionView;
  /** the room's flash-sale state: live remaining stock */
  live: readonly FlashSaleState[];
  canManage: boolean;
}

/** 秒杀: launch one for a lineup SKU, and watch the stock of each go down as it sells. */
export function FlashSalesPanel({ session, live, canManage }: FlashSalesPanelProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: liveKeys.flashSales(session.id), queryFn: () => salesApi.flashSales(session.id) });
  // A start or an end announced by the room: the list's bookkeeping (ordered units, times) moved too.
  const liveStatuses = live.map((sale) => `${sale.flashSaleId}:${sale.status}`).join();
  useOnChange(liveStatuses, () => void queryClient.invalidateQueries({ queryKey: liveKeys.flashSales(session.id) }));
  const rows = useMemo(() => mergeFlashSales(list.data?.items ?? [], live), [list.data, live]);

  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'start' | 'end' }) => (action === 'start' ? salesApi.startFlashSale(id) : salesApi.endFlashSale(id)),
    onSuccess: (_sale, { action }) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.flashSales(session.id) });
      message.success(action === 'start' ? t('live.flash.startedToast') : t('live.flash.endedToast'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <div className="console-panel">
      {canManage && (
        <Button type="primary" danger icon={<ThunderboltOutlined />} block onClick={() => setCreating(true)} disabled={session.products.length === 0} data-testid="console-flash-new">
          {t('live.flash.new')}
        </Button>
      )}
      <div className="console-panel-list" data-testid="console-flash-table">
        {rows.length === 0 && <EmptyState description={list.isError ? describeError(list.error) : t('live.flash.empty')} />}
        {rows.map((row) => (
          <FlashSaleItem key={row.flashSaleId} row={row} canManage={canManage} busy={act.isPending && act.variables.id === row.flashSaleId} onAct={(action) => settled(act.mutateAsync({ id: row.flashSaleId, action }))} />
        ))}
      </div>
      <FlashSaleModal session={session} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function FlashSaleItem({ row, canManage, busy, onAct }: { row: FlashSaleRow; canManage: boolean; busy: boolean; onAct: (action: 'start' | 'end') => Promise<void> }) {
  const { t } = useTranslation();
  const sold = soldOf(row);
  return (
    <div className="console-item" data-testid="console-flash-item" data-status={row.status}>
      <div className="console-item-head">
        <Typography.Text strong ellipsis={{ tooltip: row.title }} className="console-item-title">
          {row.title}
        </Typography.Text>
        <Tag color={statusColor[row.status]}>{t(flashSaleStatusLabelKey(row.status))}</Tag>
      </div>
      <div className="console-item-line">
        <span className="money-strong tabular">{formatFen(row.priceFen)}</span>
        <Typography.Text delete type="secondary" className="tabular cell-sub">
          {formatFen(row.originalPriceFen)}
        </Typography.Text>
        <Typography.Text type="secondary" className="cell-sub">
          {t('live.flash.perUser', { count: row.perUserLimit })}
        </Typography.Text>
        {row.skuCode && (
          <Typography.Text type="secondary" className="mono cell-sub">
            {row.skuCode}
          </Typography.Text>
        )}
      </div>
      <Progress
        percent={row.quota > 0 ? Math.round((sold / row.quota) * 100) : 0}
        size="small"
        status={row.status === 'running' ? 'active' : row.status === 'sold_out' ? 'exception' : 'normal'}
        format={() => (
          <span className="tabular" data-testid="console-flash-remaining">
            {row.status === 'ended' ? t('live.flash.sold', { sold, quota: row.quota }) : t('live.flash.remaining', { remaining: row.remaining, quota: row.quota })}
          </span>
        )}
      />
      <div className="console-item-line console-item-foot">
        {row.status === 'running' && row.endAt !== null ? (
          <Countdown deadline={row.endAt} warnWithinMs={30_000} />
        ) : (
          <Typography.Text type="secondary" className="cell-sub">
            {row.status === 'scheduled' && row.durationSeconds !== null ? t('live.flash.duration', { minutes: Math.round(row.durationSeconds / 6) / 10 }) : ''}
          </Typography.Text>
        )}
        {canManage && row.status === 'scheduled' && (
          <Button size="small" type="primary" icon={<CaretRightOutlined />} loading={busy} onClick={() => void onAct('start')}>
            {t('live.flash.start')}
          </Button>
        )}
        {canManage && (row.status === 'running' || row.status === 'sold_out') && (
          <Popconfirm title={t('live.flash.endConfirm')} okText={t('live.flash.end')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onAct('end')}>
            <Button size="small" danger icon={<StopOutlined />} loading={busy}>
              {t('live.flash.end')}
            </Button>
          </Popconfirm>
        )}
      </div>
    </div>
  );
}

interface ModalValues extends FlashSaleFormValues {
  startNow: boolean;
}

function FlashSaleModal({ session, open, onClose }: { session: LiveSessionView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ModalValues>();
  const choices = useMemo(() => skuChoices(session.products), [session.products]);
  const skuId = Form.useWatch('skuId', form);
  const chosen = choices.find((choice) => choice.skuId === skuId);

  const create = useMutation({
    mutationFn: async (values: ModalValues) => {
      const body = flashSaleBody(values);
      if (!body) throw new Error('The flash price is not an amount');
      const sale = await salesApi.createFlashSale(session.id, body);
      return values.startNow ? salesApi.startFlashSale(sale.id) : sale;
    },
    onSuccess: (sale) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.flashSales(session.id) });
      message.success(sale.status === 'running' ? t('live.flash.startedToast') : t('live.flash.created'));
      onClose();
    },
    onError: (error) => message.error(describeError(error, { insufficient_stock: t('live.flash.insufficientStock') })),
  });

  return (
    <Modal
      title={t('live.flash.new')}
      open={open}
      onCancel={onClose}
      okText={t('live.flash.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={buttonTestId('console-flash-submit')}
      destroyOnHidden
      width={520}
    >
      <Form<ModalValues>
        name="flashSale"
        form={form}
        layout="vertical"
        initialValues={{ quota: 100, perUserLimit: 1, durationSeconds: 300, startNow: true }}
        onFinish={(values) => create.mutate(values)}
        onValuesChange={(changed: Partial<ModalValues>) => {
          // Propose the SKU's live price as the starting point of the flash price.
          const picked = changed.skuId ? choices.find((choice) => choice.skuId === changed.skuId) : undefined;
          if (picked) form.setFieldsValue({ price: fenToYuanInput(picked.livePriceFen) });
        }}
      >
        <Form.Item name="skuId" label={t('live.flash.sku')} rules={[{ required: true, message: t('live.flash.skuRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('live.flash.skuPlaceholder')}
            options={choices.map((choice) => ({ value: choice.skuId, label: choice.label }))}
            data-testid="console-flash-sku"
          />
        </Form.Item>
        <div className="editor-grid">
          <Form.Item
            name="price"
            label={t('live.flash.price')}
            extra={chosen ? t('live.flash.livePrice', { price: formatFen(chosen.livePriceFen) }) : undefined}
            rules={[
              { required: true, message: t('live.flash.priceRequired') },
              {
                validator: (_rule, value: string | null | undefined) =>
                  value === null || value === undefined || value === '' || parseYuan(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('live.flash.priceInvalid'))),
              },
            ]}
          >
            <YuanInput className="full-width" data-testid="console-flash-price" />
          </Form.Item>
          <Form.Item
            name="quota"
            label={t('live.flash.quota')}
            extra={chosen ? t('live.flash.available', { count: chosen.available }) : undefined}
            rules={[{ required: true, message: t('live.flash.quotaRequired') }]}
          >
            <InputNumber<number> min={1} max={1_000_000} precision={0} className="full-width" data-testid="console-flash-quota" />
          </Form.Item>
          <Form.Item name="perUserLimit" label={t('live.flash.perUserLimit')} rules={[{ required: true }]}>
            <InputNumber<number> min={1} max={MAX_LINE_QUANTITY} precision={0} className="full-width" data-testid="console-flash-limit" />
          </Form.Item>
          <Form.Item name="durationSeconds" label={t('live.flash.durationLabel')} rules={[{ required: true }]}>
            <Select
              options={durations.map((seconds) => ({
                value: seconds,
                label: seconds < 60 ? t('live.duration.seconds', { count: seconds }) : t('live.duration.minutes', { count: seconds / 60 }),
              }))}
              data-testid="console-flash-duration"
            />
          </Form.Item>
        </div>
        <Form.Item name="startNow" valuePropName="checked" className="form-item-tight">
          <Checkbox>{t('live.flash.startNow')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
