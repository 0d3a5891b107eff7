import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys } from '../../api/endpoints';
import { useCan, useMe } from '../../auth/me';
import { PageHeader } from '../../components/PageHeader';
import { TimezoneSelect } from '../../components/TimezoneSelect';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { CommerceSettingsCard } from './CommerceSettingsCard';

interface OrgValues {
  name: string;
  timezone: string;
}

export function OrgSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const { org } = useMe();
  const can = useCan();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrgValues>();

  // Follow the org when it changes underneath the form (saved here, or switched in the header).
  useEffect(() => {
    form.setFieldsValue({ name: org.name, timezone: org.timezone });
  }, [form, org.id, org.name, org.timezone]);

  const save = useMutation({
    mutationFn: api.updateOrg,
    onSuccess: async () => {
      message.success(t('orgSettings.saved'));
      // The name shows in the org switcher and the timezone in every table, both of which read `me`.
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <>
      <PageHeader title={t('orgSettings.title')} subtitle={t('orgSettings.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('orgSettings.basics')} className="page-card">
            <Form
              name="orgSettings"
              form={form}
              layout="vertical"
              className="org-form"
              initialValues={{ name: org.name, timezone: org.timezone }}
              onFinish={(values) => save.mutate({ name: values.name.trim(), timezone: values.timezone })}
            >
              <Form.Item
                name="name"
                label={t('orgSettings.name')}
                rules={[{ required: true, whitespace: true, message: t('createOrg.nameRequired') }]}
              >
                <Input maxLength={100} data-testid="org-name" />
              </Form.Item>
              <Form.Item
                name="timezone"
                label={t('orgSettings.timezone')}
                extra={t('orgSettings.timezoneHint')}
                rules={[{ required: true }]}
              >
                <TimezoneSelect />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="org-save">
                {t('common.save')}
              </Button>
            </Form>
          </Card>
          {can('orders:read') && (
            <div className="settings-gap">
              <CommerceSettingsCard />
            </div>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('orgSettings.details')} className="page-card">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'id',
                  label: t('orgSettings.id'),
                  children: (
                    <Typography.Text className="mono" copyable>
                      {org.id}
                    </Typography.Text>
                  ),
                },
                { key: 'slug', label: t('orgSettings.slug'), children: <span className="mono">{org.slug}</span> },
                { key: 'created', label: t('orgSettings.created'), children: time.format(org.createdAt) },
                { key: 'now', label: t('orgSettings.localTime'), children: time.format(Date.now(), 'YYYY-MM-DD HH:mm') },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
