import { alertChannelKinds, type AlertChannelKind, type AlertChannelView, type UpdateAlertChannelBody } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { alertsApi } from '../../api/alerts';
import { useErrorMessage } from '../../lib/errors';
import { buttonTestId } from '../../lib/testIds';

interface ChannelFormValues {
  name: string;
  kind: AlertChannelKind;
  url?: string;
  secret?: string;
  removeSecret?: boolean;
  enabled: boolean;
}

const defaults: ChannelFormValues = { name: '', kind: 'dingtalk', enabled: true };

interface ChannelModalProps {
  /** null: a new channel */
  channel: AlertChannelView | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** URL and secret are write-only: editing shows their hints and keeps them unless something is typed. */
export function ChannelModal({ channel, open, onClose, onSaved }: ChannelModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [form] = Form.useForm<ChannelFormValues>();
  const kind = Form.useWatch('kind', form) ?? defaults.kind;
  const removeSecret = Form.useWatch('removeSecret', form) ?? false;

  useEffect(() => {
    if (open) form.setFieldsValue(channel ? { name: channel.name, kind: channel.kind, enabled: channel.enabled } : defaults);
  }, [open, channel, form]);

  const save = useMutation({
    mutationFn: (values: ChannelFormValues) => {
      const url = values.url?.trim() || undefined;
      const secret = values.secret?.trim() || undefined;
      if (!channel) return alertsApi.createChannel({ name: values.name.trim(), kind: values.kind, url: url ?? '', secret, enabled: values.enabled });
      const patch: UpdateAlertChannelBody = { name: values.name.trim(), enabled: values.enabled };
      if (url) patch.url = url;
      if (values.removeSecret) patch.secret = null;
      else if (secret) patch.secret = secret;
      return alertsApi.updateChannel(channel.id, patch);
    },
    onSuccess: () => {
      message.success(t('alerts.channels.saved'));
      onSaved();
    },
    onError: (error) => {
      const reason = error instanceof ApiError ? error.details?.reason : undefined;
      if (reason === 'secret_required') message.error(t('alerts.channels.secretRequired'));
      else if (reason === 'secret_not_supported') message.error(t('alerts.channels.secretNotSupported'));
      else message.error(describeError(error));
    },
  });

  const signs = kind !== 'wecom';
  return (
    <Modal
      title={channel ? t('alerts.channels.edit') : t('alerts.channels.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={buttonTestId('alert-channel-save')}
      confirmLoading={save.isPending}
      width={560}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form<ChannelFormValues> form={form} layout="vertical" initialValues={defaults} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label={t('alerts.channels.form.name')} rules={[{ required: true, whitespace: true, message: t('alerts.channels.form.nameRequired') }]}>
          <Input maxLength={80} placeholder={t('alerts.channels.form.namePlaceholder')} data-testid="alert-channel-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('alerts.channels.form.kind')}>
          <Select disabled={channel !== null} options={alertChannelKinds.map((k) => ({ value: k, label: t(`alerts.channelKind.${k}`) }))} />
        </Form.Item>
        <Alert type="info" showIcon className="modal-alert" title={t(`alerts.channels.form.help.${kind}`)} />
        <Form.Item
          name="url"
          label={t('alerts.channels.form.url')}
          rules={[{ required: channel === null, type: 'url', pattern: /^https?:\/\//i, message: t('alerts.channels.form.urlRequired') }]}
        >
          <Input
            autoComplete="off"
            data-testid="alert-channel-url"
            placeholder={channel ? t('alerts.channels.form.urlKeep', { hint: channel.urlHint }) : 'https://'}
          />
        </Form.Item>
        {signs && (
          <Form.Item name="secret" label={t('alerts.channels.form.secret')} rules={[{ min: 8, max: 256 }]}>
            <Input.Password
              autoComplete="new-password"
              disabled={removeSecret}
              data-testid="alert-channel-secret"
              placeholder={channel?.secretHint ? t('alerts.channels.form.secretKeep', { hint: channel.secretHint }) : undefined}
            />
          </Form.Item>
        )}
        {signs && kind !== 'webhook' && channel?.secretHint && (
          <Form.Item name="removeSecret" valuePropName="checked">
            <Checkbox>{t('alerts.channels.form.removeSecret')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('alerts.channels.form.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
