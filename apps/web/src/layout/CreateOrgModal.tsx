import { useMutation } from '@tanstack/react-query';
import type { OrgView } from '@livedesk/contracts';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { TimezoneSelect } from '../components/TimezoneSelect';
import { useErrorMessage } from '../lib/errors';
import { defaultTimezone } from '../lib/time';

interface CreateOrgValues {
  name: string;
  timezone: string;
}

interface CreateOrgModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (org: OrgView) => void;
}

export function CreateOrgModal({ open, onClose, onCreated }: CreateOrgModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [form] = Form.useForm<CreateOrgValues>();

  const create = useMutation({
    mutationFn: api.createOrg,
    onSuccess: (org) => {
      message.success(t('createOrg.created', { name: org.name }));
      onCreated(org);
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Modal
      title={t('createOrg.title')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={create.isPending}
      afterClose={() => form.resetFields()}
    >
      <Alert type="info" showIcon title={t('createOrg.hint')} className="modal-alert" />
      <Form
        name="createOrg"
        form={form}
        layout="vertical"
        initialValues={{ timezone: defaultTimezone }}
        onFinish={(values) => create.mutate({ name: values.name.trim(), timezone: values.timezone })}
      >
        <Form.Item
          name="name"
          label={t('createOrg.name')}
          rules={[{ required: true, whitespace: true, message: t('createOrg.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('createOrg.namePlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item name="timezone" label={t('createOrg.timezone')} extra={t('orgSettings.timezoneHint')}>
          <TimezoneSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
