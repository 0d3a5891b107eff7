import { roles, type MemberView, type Role } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { roleLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';

const minPasswordLength = 10;

interface AddMemberValues {
  email: string;
  name: string;
  role: Role;
  password?: string;
}

interface AddMemberModalProps {
  open: boolean;
  onClose: () => void;
  onAdded: (member: MemberView) => void;
}

export function AddMemberModal({ open, onClose, onAdded }: AddMemberModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [form] = Form.useForm<AddMemberValues>();

  const add = useMutation({
    mutationFn: api.addMember,
    onSuccess: (member) => {
      message.success(t('users.added', { name: member.user.name }));
      onAdded(member);
      onClose();
    },
    onError: (error) =>
      message.error(
        describeError(error, {
          conflict: t('users.alreadyMember'),
          validation: t('users.addValidation'),
        }),
      ),
  });

  return (
    <Modal
      title={t('users.addTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.add')}
      confirmLoading={add.isPending}
      afterClose={() => form.resetFields()}
    >
      <Form
        name="addMember"
        form={form}
        layout="vertical"
        initialValues={{ role: 'operator' }}
        onFinish={({ email, name, role, password }) =>
          add.mutate({ email: email.trim(), name: name.trim(), role, password: password || undefined })
        }
      >
        <Form.Item
          name="email"
          label={t('users.form.email')}
          rules={[
            { required: true, message: t('users.form.emailRequired') },
            { type: 'email', message: t('login.emailInvalid') },
          ]}
        >
          <Input placeholder={t('login.emailPlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('users.form.name')}
          rules={[{ required: true, whitespace: true, message: t('users.form.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('users.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true }]}>
          <Select options={roles.map((role) => ({ value: role, label: t(roleLabelKey(role)) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.form.password')}
          extra={t('users.form.passwordHint', { min: minPasswordLength })}
          rules={[{ min: minPasswordLength, message: t('password.tooShort', { min: minPasswordLength }) }]}
        >
          <Input.Password autoComplete="new-password" placeholder={t('users.form.passwordPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
