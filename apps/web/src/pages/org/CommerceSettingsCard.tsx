import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ordersApi, orderKeys, type CommerceSettings } from '../../api/orders';
import { useErrorMessage } from '../../lib/errors';

interface CommerceValues {
  unpaidTimeoutMinutes: number;
  autoApprove: boolean;
  aftersalesAutoApproveHours: number | null;
}

const maxTimeoutMinutes = 7 * 24 * 60;
const maxAutoApproveHours = 30 * 24;

/** 交易设置: how long an unpaid order holds stock, and when after-sales requests approve themselves. */
export function CommerceSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CommerceValues>();
  const autoApprove = Form.useWatch('autoApprove', form);

  const settings = useQuery({ queryKey: orderKeys.settings, queryFn: ordersApi.settings });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [form, settings.data]);

  const save = useMutation({
    mutationFn: ordersApi.updateSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(orderKeys.settings, saved);
      message.success(t('commerceSettings.saved'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Card title={t('commerceSettings.title')} className="page-card">
      {settings.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
      {settings.isError && <Alert type="error" showIcon title={describeError(settings.error)} />}
      {settings.data && (
        <Form<CommerceValues>
          name="commerceSettings"
          form={form}
          layout="vertical"
          className="org-form"
          initialValues={toValues(settings.data)}
          onFinish={(values) =>
            save.mutate({
              unpaidTimeoutMinutes: values.unpaidTimeoutMinutes,
              aftersalesAutoApproveHours: values.autoApprove ? values.aftersalesAutoApproveHours : null,
            })
          }
        >
          <Form.Item
            name="unpaidTimeoutMinutes"
            label={t('commerceSettings.unpaidTimeout')}
            extra={t('commerceSettings.unpaidTimeoutHint')}
            rules={[{ required: true, message: t('commerceSettings.unpaidTimeoutRequired') }]}
          >
            <InputNumber
              min={1}
              max={maxTimeoutMinutes}
              precision={0}
              suffix={t('commerceSettings.minutes')}
              className="settings-number"
              data-testid="commerce-timeout"
            />
          </Form.Item>
          <Form.Item name="autoApprove" label={t('commerceSettings.autoApprove')} valuePropName="checked">
            <Switch data-testid="commerce-autoapprove-switch" />
          </Form.Item>
          {autoApprove && (
            <Form.Item
              name="aftersalesAutoApproveHours"
              label={t('commerceSettings.autoApproveAfter')}
              extra={t('commerceSettings.autoApproveHint')}
              rules={[{ required: true, message: t('commerceSettings.autoApproveRequired') }]}
            >
              <InputNumber
                min={1}
                max={maxAutoApproveHours}
                precision={0}
                suffix={t('commerceSettings.hours')}
                className="settings-number"
                data-testid="commerce-autoapprove"
              />
            </Form.Item>
          )}
          {!autoApprove && (
            <Typography.Paragraph type="secondary" className="settings-note">
              {t('commerceSettings.autoApproveOff')}
            </Typography.Paragraph>
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="commerce-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

const toValues = (settings: CommerceSettings): CommerceValues => ({
  unpaidTimeoutMinutes: settings.unpaidTimeoutMinutes,
  autoApprove: settings.aftersalesAutoApproveHours !== null,
  aftersalesAutoApproveHours: settings.aftersalesAutoApproveHours ?? 48,
});
