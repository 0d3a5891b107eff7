import {
  alertMetrics,
  thresholdOps,
  type AlertChannelView,
  type AlertMetric,
  type AlertRuleInput,
  type AlertRuleKind,
  type AlertRuleView,
  type ThresholdOp,
  type ZScoreBaseline,
  type ZScoreDirection,
} from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { alertsApi } from '../../api/alerts';
import { useErrorMessage } from '../../lib/errors';
import { buttonTestId } from '../../lib/testIds';

interface RuleFormValues {
  name: string;
  enabled: boolean;
  scope: 'all' | 'one';
  liveSessionId?: string;
  metric: AlertMetric;
  kind: AlertRuleKind;
  op: ThresholdOp;
  /** in yuan for GMV, as typed */
  value?: number;
  dropPct: number;
  minCount: number;
  baseline: ZScoreBaseline;
  zThreshold: number;
  direction: ZScoreDirection;
  pastShows: number;
  cooldownMinutes: number;
  channelIds: string[];
}

const defaults: RuleFormValues = {
  name: '',
  enabled: true,
  scope: 'all',
  metric: 'online',
  kind: 'zscore',
  op: '<',
  dropPct: 30,
  minCount: 20,
  baseline: 'session',
  zThreshold: 3.5,
  direction: 'both',
  pastShows: 10,
  cooldownMinutes: 10,
  channelIds: [],
};

/** GMV thresholds are typed in yuan and kept in fen. */
const toFen = (metric: AlertMetric, value: number) => (metric === 'gmvFen' ? Math.round(value * 100) : value);
const fromFen = (metric: AlertMetric, value: number) => (metric === 'gmvFen' ? value / 100 : value);

function formValues(rule: AlertRuleView | null): RuleFormValues {
  if (!rule) return defaults;
  const { condition } = rule;
  return {
    ...defaults,
    name: rule.name,
    enabled: rule.enabled,
    scope: rule.liveSessionId === null ? 'all' : 'one',
    ...(rule.liveSessionId === null ? {} : { liveSessionId: rule.liveSessionId }),
    metric: rule.metric,
    kind: condition.kind,
    cooldownMinutes: rule.cooldownMinutes,
    channelIds: rule.channelIds,
    ...(condition.kind === 'threshold' ? { op: condition.op, value: fromFen(rule.metric, condition.value) } : {}),
    ...(condition.kind === 'drop' ? { dropPct: condition.dropPct, minCount: condition.minCount } : {}),
    ...(condition.kind === 'zscore'
      ? { baseline: condition.baseline, zThreshold: condition.zThreshold, direction: condition.direction, minCount: condition.minCount, pastShows: condition.pastShows }
      : {}),
  };
}

function toBody(values: RuleFormValues): AlertRuleInput {
  const condition: AlertRuleInput['condition'] =
    values.kind === 'threshold'
      ? { kind: 'threshold', op: values.op, value: toFen(values.metric, values.value ?? 0) }
      : values.kind === 'drop'
        ? { kind: 'drop', dropPct: values.dropPct, minCount: values.minCount }
        : { kind: 'zscore', baseline: values.baseline, zThreshold: values.zThreshold, direction: values.direction, minCount: values.minCount, pastShows: values.pastShows };
  return {
    name: values.name.trim(),
    enabled: values.enabled,
    liveSessionId: values.scope === 'one' ? (values.liveSessionId ?? null) : null,
    metric: values.metric,
    condition,
    cooldownMinutes: values.cooldownMinutes,
    channelIds: values.channelIds,
  };
}

interface RuleModalProps {
  /** null: a new rule */
  rule: AlertRuleView | null;
  open: boolean;
  shows: { id: string; title: string }[];
  channels: AlertChannelView[];
  onClose: () => void;
  onSaved: () => void;
}

export function RuleModal({ rule, open, shows, channels, onClose, onSaved }: RuleModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [form] = Form.useForm<RuleFormValues>();
  const kind = Form.useWatch('kind', form) ?? defaults.kind;
  const scope = Form.useWatch('scope', form) ?? defaults.scope;
  const metric = Form.useWatch('metric', form) ?? defaults.metric;
  const baseline = Form.useWatch('baseline', form) ?? defaults.baseline;

  useEffect(() => {
    if (open) form.setFieldsValue(formValues(rule));
  }, [open, rule, form]);

  const save = useMutation({
    mutationFn: (body: AlertRuleInput) => (rule ? alertsApi.replaceRule(rule.id, body) : alertsApi.createRule(body)),
    onSuccess: () => {
      message.success(t('alerts.rules.saved'));
      onSaved();
    },
    onError: (error) => message.error(describeError(error)),
  });

  const minCountField = (
    <Form.Item name="minCount" label={t('alerts.rules.form.minCount')} tooltip={t('alerts.rules.form.minCountHint')}>
      <InputNumber min={0} className="full-width" />
    </Form.Item>
  );

  return (
    <Modal
      title={rule ? t('alerts.rules.edit') : t('alerts.rules.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={buttonTestId('alert-rule-save')}
      confirmLoading={save.isPending}
      width={620}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form<RuleFormValues> form={form} layout="vertical" initialValues={defaults} onFinish={(values) => save.mutate(toBody(values))}>
        <Row gutter={16}>
          <Col span={18}>
            <Form.Item name="name" label={t('alerts.rules.form.name')} rules={[{ required: true, whitespace: true, message: t('alerts.rules.form.nameRequired') }]}>
              <Input maxLength={80} placeholder={t('alerts.rules.form.namePlaceholder')} data-testid="alert-rule-name" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="enabled" label={t('alerts.rules.form.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="scope" label={t('alerts.rules.form.scope')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'all', label: t('alerts.rules.form.scopeAll') },
                  { value: 'one', label: t('alerts.rules.form.scopeOne'), disabled: shows.length === 0 },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            {scope === 'one' && (
              <Form.Item name="liveSessionId" label={t('alerts.rules.form.show')} rules={[{ required: true, message: t('alerts.rules.form.showRequired') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={shows.map((show) => ({ value: show.id, label: show.title }))} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="metric" label={t('alerts.rules.form.metric')}>
              <Select data-testid="alert-rule-metric" options={alertMetrics.map((m) => ({ value: m, label: t(`alerts.metric.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="kind" label={t('alerts.rules.form.kind')}>
              <Select
                data-testid="alert-rule-kind"
                options={(['zscore', 'drop', 'threshold'] as const).map((k) => ({ value: k, label: t(`alerts.kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Alert type="info" showIcon className="modal-alert" title={t(`alerts.kindHelp.${kind}`)} />
        {kind === 'threshold' && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="op" label={t('alerts.rules.form.op')}>
                <Select options={thresholdOps.map((op) => ({ value: op, label: op }))} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                name="value"
                label={metric === 'gmvFen' ? t('alerts.rules.form.valueYuan') : t('alerts.rules.form.value')}
                rules={[{ required: true, message: t('alerts.rules.form.valueRequired') }]}
              >
                <InputNumber className="full-width" min={0} step={metric === 'gmvFen' ? 0.01 : 1} data-testid="alert-rule-value" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'drop' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="dropPct" label={t('alerts.rules.form.dropPct')}>
                <InputNumber min={1} max={100} className="full-width" />
              </Form.Item>
            </Col>
            <Col span={12}>{minCountField}</Col>
          </Row>
        )}
        {kind === 'zscore' && (
          <>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="baseline" label={t('alerts.rules.form.baseline')}>
                  <Select options={(['session', 'past_shows'] as const).map((b) => ({ value: b, label: t(`alerts.baseline.${b}`) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="direction" label={t('alerts.rules.form.direction')}>
                  <Select options={(['both', 'down', 'up'] as const).map((d) => ({ value: d, label: t(`alerts.direction.${d}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="zThreshold" label={t('alerts.rules.form.zThreshold')} tooltip={t('alerts.rules.form.zThresholdHint')}>
                  <InputNumber min={1} max={50} step={0.5} className="full-width" />
                </Form.Item>
              </Col>
              <Col span={8}>{minCountField}</Col>
              {baseline === 'past_shows' && (
                <Col span={8}>
                  <Form.Item name="pastShows" label={t('alerts.rules.form.pastShows')}>
                    <InputNumber min={1} max={50} className="full-width" />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </>
        )}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="cooldownMinutes" label={t('alerts.rules.form.cooldown')} tooltip={t('alerts.rules.form.cooldownHint')}>
              <InputNumber min={1} max={1440} className="full-width" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="channelIds" label={t('alerts.rules.form.channels')} tooltip={t('alerts.rules.form.channelsHint')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('alerts.rules.consoleOnly')}
                options={channels.map((c) => ({ value: c.id, label: `${c.name} · ${t(`alerts.channelKind.${c.kind}`)}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
