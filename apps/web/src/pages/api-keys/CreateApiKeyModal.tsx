import { ingestScopes, permissions, type ApiKeyScope } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type CreatedApiKey } from '../../api/endpoints';
import { scopeLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';

interface CreateApiKeyValues {
  name: string;
  scopes: ApiKeyScope[];
  expiresOn?: Dayjs | null;
}

interface CreateApiKeyModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}

export function CreateApiKeyModal({ open, onClose, onCreated }: CreateApiKeyModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const [form] = Form.useForm<CreateApiKeyValues>();

  const create = useMutation({
    mutationFn: api.createApiKey,
    onSuccess: onCreated,
    onError: (error) => message.error(describeError(error)),
  });

  const scopeOption = (scope: ApiKeyScope) => ({ value: scope, label: t(scopeLabelKey(scope)) });
  // Ingestion scopes come first: most keys exist to feed events in from a live room or a server.
  const scopeOptions = [
    { label: t('apiKeys.form.ingestGroup'), options: ingestScopes.map(scopeOption) },
    { label: t('apiKeys.form.permissionGroup'), options: permissions.map(scopeOption) },
  ];

  return (
    <Modal
      title={t('apiKeys.createTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={create.isPending}
      width={560}
      afterClose={() => form.resetFields()}
    >
      <Form
        name="createApiKey"
        form={form}
        layout="vertical"
        onFinish={({ name, scopes, expiresOn }) =>
          create.mutate({
            name: name.trim(),
            scopes,
            // The key works through the whole chosen day, in the org's timezone.
            expiresAt: expiresOn ? time.endOfDay(expiresOn) : undefined,
          })
        }
      >
        <Form.Item
          name="name"
          label={t('apiKeys.form.name')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.form.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('apiKeys.form.namePlaceholder')} />
        </Form.Item>
        <Alert type="info" showIcon className="modal-alert" title={t('apiKeys.form.ingestHelp')} />
        <Form.Item
          name="scopes"
          label={t('apiKeys.form.scopes')}
          extra={t('apiKeys.form.scopesHint')}
          rules={[{ required: true, message: t('apiKeys.form.scopesRequired') }]}
        >
          <Select<ApiKeyScope[]>
            mode="multiple"
            allowClear
            placeholder={t('apiKeys.form.scopesPlaceholder')}
            options={scopeOptions}
            optionRender={(option) => (
              <div className="scope-option">
                <span>{option.label}</span>
                <span className="scope-option-code mono">{option.value}</span>
              </div>
            )}
            showSearch={{ optionFilterProp: ['label', 'value'] }}
            maxTagCount="responsive"
          />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('apiKeys.form.expiresAt')} extra={t('apiKeys.form.expiresHint')}>
          <DatePicker
            className="full-width"
            placeholder={t('apiKeys.form.expiresPlaceholder')}
            disabledDate={(day) => day.isBefore(dayjs(), 'day')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
