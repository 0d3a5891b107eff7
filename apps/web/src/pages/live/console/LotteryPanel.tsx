import { CaretRightOutlined, CloseOutlined, GiftOutlined, TrophyOutlined } from '@ant-design/icons';
import { MAX_LOTTERY_WINNERS, type LiveSessionView, type LotteryStatus } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveKeys, lotteryApi } from '../../../api/live';
import { Countdown } from '../../../components/commerce/Countdown';
import { EmptyState } from '../../../components/EmptyState';
import { settled, useErrorMessage } from '../../../lib/errors';
import { buttonTestId } from '../../../lib/testIds';
import { lotteryRuleKinds, lotteryRuleLabelKey, lotteryStatusLabelKey } from '../labels';
import { lotteryBody, mergeLotteries, skuChoices, type LotteryFormValues, type LotteryRow } from './consoleModel';
import type { ConsoleLottery } from './roomState';
import { useOnChange } from './useOnChange';

const statusColor: Record<LotteryStatus, string> = { draft: 'default', open: 'processing', drawn: 'success', cancelled: 'default' };
const durations = [60, 180, 300, 600, 900, 1800];

type LotteryAction = 'open' | 'draw' | 'cancel';

/** 福袋: create, open (publishing sha256 of the seed), draw (revealing the seed and the winners). */
export function LotteryPanel({ session, live, canManage }: { session: LiveSessionView; live: readonly ConsoleLottery[]; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: liveKeys.lotteries(session.id), queryFn: () => lotteryApi.list(session.id) });
  const liveStatuses = live.map((lottery) => `${lottery.lotteryId}:${lottery.status}`).join();
  useOnChange(liveStatuses, () => void queryClient.invalidateQueries({ queryKey: liveKeys.lotteries(session.id) }));
  const rows = useMemo(() => mergeLotteries(list.data ?? [], live), [list.data, live]);

  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: LotteryAction }) => lotteryApi.act(id, action),
    onSuccess: (_view, { action }) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.lotteries(session.id) });
      message.success(t(`live.lottery.done.${action}`));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <div className="console-panel">
      {canManage && (
        <Button type="primary" icon={<GiftOutlined />} block onClick={() => setCreating(true)} data-testid="console-lottery-new">
          {t('live.lottery.new')}
        </Button>
      )}
      <div className="console-panel-list">
        {rows.length === 0 && <EmptyState description={list.isError ? describeError(list.error) : t('live.lottery.empty')} />}
        {rows.map((row) => (
          <LotteryItem
            key={row.id}
            row={row}
            canManage={canManage}
            busy={act.isPending && act.variables.id === row.id}
            onAct={(action) => settled(act.mutateAsync({ id: row.id, action }))}
          />
        ))}
      </div>
      <LotteryModal session={session} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function LotteryItem({ row, canManage, busy, onAct }: { row: LotteryRow; canManage: boolean; busy: boolean; onAct: (action: LotteryAction) => Promise<void> }) {
  const { t } = useTranslation();
  const rule = row.rule.kind === 'comment' ? t('live.lottery.ruleComment', { keyword: row.rule.keyword }) : t(lotteryRuleLabelKey(row.rule.kind));
  return (
    <div className="console-item" data-testid="console-lottery-item" data-status={row.status}>
      <div className="console-item-head">
        <Typography.Text strong ellipsis={{ tooltip: row.prize }} className="console-item-title">
          <GiftOutlined /> {row.prize}
        </Typography.Text>
        <Tag color={statusColor[row.status]}>{t(lotteryStatusLabelKey(row.status))}</Tag>
      </div>
      <div className="console-item-line">
        <Typography.Text type="secondary" className="cell-sub">
          {t('live.lottery.summary', { winners: row.winnerCount, entrants: row.entrants })} · {rule}
        </Typography.Text>
      </div>
      {row.seedHash && (
        <div className="console-hash">
          <Typography.Text type="secondary" className="cell-sub">
            {t('live.lottery.seedHash')}
          </Typography.Text>
          <Typography.Text className="mono" copyable ellipsis={{ tooltip: row.seedHash }} data-testid="console-lottery-seed-hash">
            {row.seedHash}
          </Typography.Text>
        </div>
      )}
      {row.seed && (
        <div className="console-hash">
          <Typography.Text type="secondary" className="cell-sub">
            {t('live.lottery.seed')}
          </Typography.Text>
          <Typography.Text className="mono" copyable ellipsis={{ tooltip: row.seed }} data-testid="console-lottery-seed">
            {row.seed}
          </Typography.Text>
        </div>
      )}
      {row.status === 'drawn' && (
        <div className="console-winners" data-testid="console-lottery-winners">
          <TrophyOutlined className="console-trophy" />
          {row.winners.length === 0 ? (
            <Typography.Text type="secondary">{t('live.lottery.noWinners')}</Typography.Text>
          ) : (
            row.winners.map((winner) => (
              <Tag key={winner.key} color="gold">
                {winner.nickname}
              </Tag>
            ))
          )}
        </div>
      )}
      <div className="console-item-line console-item-foot">
        {row.status === 'open' && row.drawAt !== null ? (
          <Countdown deadline={row.drawAt} warnWithinMs={30_000} />
        ) : (
          <span />
        )}
        <span className="console-item-actions">
          {canManage && row.status === 'draft' && (
            <Button size="small" type="primary" icon={<CaretRightOutlined />} loading={busy} onClick={() => void onAct('open')}>
              {t('live.lottery.open')}
            </Button>
          )}
          {canManage && row.status === 'open' && (
            <Popconfirm title={t('live.lottery.drawConfirm')} okText={t('live.lottery.draw')} cancelText={t('common.cancel')} onConfirm={() => onAct('draw')}>
              <Button size="small" type="primary" icon={<TrophyOutlined />} loading={busy} data-testid="console-lottery-draw">
                {t('live.lottery.draw')}
              </Button>
            </Popconfirm>
          )}
          {canManage && (row.status === 'draft' || row.status === 'open') && (
            <Popconfirm title={t('live.lottery.cancelConfirm')} okText={t('live.lottery.cancel')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => onAct('cancel')}>
              <Button size="small" type="text" danger icon={<CloseOutlined />} disabled={busy}>
                {t('live.lottery.cancel')}
              </Button>
            </Popconfirm>
          )}
        </span>
      </div>
    </div>
  );
}

interface ModalValues extends LotteryFormValues {
  openNow: boolean;
}

function LotteryModal({ session, open, onClose }: { session: LiveSessionView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ModalValues>();
  const ruleKind = Form.useWatch('ruleKind', form);
  const choices = useMemo(() => skuChoices(session.products), [session.products]);

  const create = useMutation({
    mutationFn: async (values: ModalValues) => {
      const lottery = await lotteryApi.create(session.id, lotteryBody(values));
      return values.openNow ? lotteryApi.act(lottery.id, 'open') : lottery;
    },
    onSuccess: (lottery) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.lotteries(session.id) });
      message.success(lottery.status === 'open' ? t('live.lottery.done.open') : t('live.lottery.created'));
      onClose();
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Modal
      title={t('live.lottery.new')}
      open={open}
      onCancel={onClose}
      okText={t('live.lottery.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={buttonTestId('console-lottery-submit')}
      destroyOnHidden
      width={520}
    >
      <Form<ModalValues>
        name="lottery"
        form={form}
        layout="vertical"
        initialValues={{ winnerCount: 1, ruleKind: 'comment', keyword: '', durationSeconds: 300, openNow: true }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="prizeTitle" label={t('live.lottery.prize')} rules={[{ required: true, whitespace: true, message: t('live.lottery.prizeRequired') }]}>
          <Input maxLength={60} placeholder={t('live.lottery.prizePlaceholder')} data-testid="console-lottery-prize" />
        </Form.Item>
        <Form.Item name="prizeSkuId" label={t('live.lottery.prizeSku')} extra={t('live.lottery.prizeSkuHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('live.lottery.prizeSkuPlaceholder')} options={choices.map((choice) => ({ value: choice.skuId, label: choice.label }))} />
        </Form.Item>
        <div className="editor-grid">
          <Form.Item name="winnerCount" label={t('live.lottery.winnerCount')} rules={[{ required: true }]}>
            <InputNumber<number> min={1} max={MAX_LOTTERY_WINNERS} precision={0} className="full-width" data-testid="console-lottery-winners-input" />
          </Form.Item>
          <Form.Item name="durationSeconds" label={t('live.lottery.drawAfter')} rules={[{ required: true }]}>
            <Select options={durations.map((seconds) => ({ value: seconds, label: t('live.duration.minutes', { count: seconds / 60 }) }))} />
          </Form.Item>
        </div>
        <Form.Item name="ruleKind" label={t('live.lottery.ruleLabel')}>
          <Radio.Group optionType="button" options={lotteryRuleKinds.map((kind) => ({ value: kind, label: t(lotteryRuleLabelKey(kind)) }))} />
        </Form.Item>
        {ruleKind === 'comment' && (
          <Form.Item name="keyword" label={t('live.lottery.keyword')} rules={[{ required: true, whitespace: true, message: t('live.lottery.keywordRequired') }]}>
            <Input maxLength={20} placeholder={t('live.lottery.keywordPlaceholder')} data-testid="console-lottery-keyword" />
          </Form.Item>
        )}
        <Form.Item name="openNow" valuePropName="checked" className="form-item-tight">
          <Checkbox>{t('live.lottery.openNow')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
