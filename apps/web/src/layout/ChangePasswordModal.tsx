import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useMe } from '../auth/me';
import { session } from '../auth/session';
import { useErrorMessage } from '../lib/errors';

const minPasswordLength = 10;

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [form] = Form.useForm<ChangePasswordValues>();
  const me = useMe();

  const change = useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      await api.changePassword(body);
      // The server ends every session of the account, this one included, once the password changes;
      // signing straight back in with the new password keeps this console working.
      const renewed = await api.login({ email: me.user.email, password: body.newPassword, orgId: me.org.id }).catch(() => null);
      if (renewed) session.set(renewed);
    },
    onSuccess: () => {
      message.success(t('password.changed'));
      onClose();
    },
    // The server answers a wrong current password with a validation error on that field.
    onError: (error) => message.error(describeError(error, { validation: t('password.wrongCurrent') })),
  });

  return (
    <Modal
      title={t('password.title')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={change.isPending}
      afterClose={() => form.resetFields()}
    >
      <Form
        name="changePassword"
        form={form}
        layout="vertical"
        onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.hint')}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: minPasswordLength, message: t('password.tooShort', { min: minPasswordLength }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
