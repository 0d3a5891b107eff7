import { ArrowLeftOutlined, DesktopOutlined, ExportOutlined, LineChartOutlined, SaveOutlined } from '@ant-design/icons';
import type { LiveSessionView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { liveApi, liveKeys } from '../../api/live';
import { useCan } from '../../auth/me';
import { PageHeader } from '../../components/PageHeader';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { draftsFromView, lineupHasProblems, toCreateBody, toLineup, toUpdateBody, type LineupProductDraft, type SessionFields } from './lineup';
import { LineupEditor } from './LineupEditor';
import { LiveSessionLoader } from './LiveSessionLoader';
import { LiveStatusTag } from './LiveStatusTag';
import { ObsPanel } from './ObsPanel';
import './live.css';

interface FormValues {
  title: string;
  coverUrl?: string;
  anchorNames?: string[];
  scheduledStart?: Dayjs | null;
  scheduledEnd?: Dayjs | null;
}

/** `/live-sessions/new` and `/live-sessions/:sessionId`: the show's details, its lineup and its OBS settings. */
export function LiveSessionEditPage() {
  const { sessionId } = useParams();
  if (sessionId === undefined) return <SessionEditor session={null} />;
  return <LiveSessionLoader sessionId={sessionId}>{(session) => <SessionEditor session={session} />}</LiveSessionLoader>;
}

function SessionEditor({ session }: { session: LiveSessionView | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const time = useOrgTime();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const initialLineup = useMemo(() => draftsFromView(session?.products ?? []), [session]);
  const [lineup, setLineup] = useState<LineupProductDraft[]>(initialLineup);
  const readOnly = !can('live:manage') || session?.status === 'ended';

  const fieldsOf = (values: FormValues): SessionFields => ({
    title: values.title,
    coverUrl: values.coverUrl ?? '',
    anchorNames: values.anchorNames ?? [],
    scheduledStartAt: values.scheduledStart ? time.fromPicker(values.scheduledStart) : null,
    scheduledEndAt: values.scheduledEnd ? time.fromPicker(values.scheduledEnd) : null,
  });

  const save = useMutation({
    mutationFn: async (values: FormValues): Promise<LiveSessionView> => {
      const fields = fieldsOf(values);
      if (!session) return liveApi.create(toCreateBody(fields, lineup));
      let saved = await liveApi.update(session.id, toUpdateBody(fields, session.anchors));
      // Every lineup save is audited and may move campaign stock: only when it changed.
      const nextLineup = toLineup(lineup);
      if (JSON.stringify(nextLineup) !== JSON.stringify(toLineup(initialLineup))) saved = await liveApi.replaceLineup(session.id, nextLineup);
      return saved;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(liveKeys.session(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: liveKeys.lists });
      message.success(session ? t('live.edit.saved') : t('live.edit.created'));
      if (!session) void navigate(`/live-sessions/${encodeURIComponent(saved.id)}`, { replace: true });
    },
    onError: (error) =>
      message.error(describeError(error, { conflict: t('live.edit.conflict'), insufficient_stock: t('live.edit.insufficientStock') })),
  });

  const initialValues: FormValues = {
    title: session?.title ?? '',
    coverUrl: session?.coverUrl ?? '',
    anchorNames: session?.anchors.map((anchor) => anchor.name) ?? [],
    scheduledStart: session?.scheduledStartAt ? time.toPicker(session.scheduledStartAt) : null,
    scheduledEnd: session?.scheduledEndAt ? time.toPicker(session.scheduledEndAt) : null,
  };
  const pickerFormat = 'YYYY-MM-DD HH:mm';

  const title = session ? session.title : t('live.edit.newTitle');
  return (
    <>
      <PageHeader
        title={title}
        subtitle={session ? t('live.edit.subtitle') : t('live.edit.newSubtitle')}
        extra={
          <Space wrap>
            <Link to="/live-sessions">
              <Button icon={<ArrowLeftOutlined />}>{t('live.edit.backToList')}</Button>
            </Link>
            {session && (
              <Link to={`/live-sessions/${encodeURIComponent(session.id)}/console`} data-testid="live-console-link">
                <Button type="primary" icon={<DesktopOutlined />}>
                  {t('live.list.console')}
                </Button>
              </Link>
            )}
            {session?.status === 'ended' && can('analytics:read') && (
              <Link to={`/live-sessions/${encodeURIComponent(session.id)}/review`} data-testid="live-review-link">
                <Button type="primary" icon={<LineChartOutlined />}>
                  {t('review.open')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      {session?.status === 'ended' && <Alert type="info" showIcon className="page-alert" title={t('live.edit.endedNotice')} />}
      <Row gutter={16} align="top">
        <Col span={session ? 16 : 24}>
          <Card className="page-card">
            <Form<FormValues>
              name="liveSession"
              form={form}
              layout="vertical"
              initialValues={initialValues}
              disabled={readOnly || save.isPending}
              onFinish={(values) => save.mutate(values)}
            >
              <section className="editor-section">
                <Typography.Title level={5} className="editor-section-title">
                  {t('live.edit.basics')}
                </Typography.Title>
                <div className="editor-grid">
                  <Form.Item
                    name="title"
                    label={t('live.edit.title')}
                    className="editor-span-2"
                    rules={[{ required: true, whitespace: true, message: t('live.edit.titleRequired') }]}
                  >
                    <Input maxLength={100} showCount placeholder={t('live.edit.titlePlaceholder')} data-testid="live-title" />
                  </Form.Item>
                  <Form.Item name="coverUrl" label={t('live.edit.coverUrl')} rules={[{ type: 'url', message: t('live.edit.coverUrlInvalid') }]}>
                    <Input maxLength={2000} placeholder="https://" data-testid="live-cover-url" />
                  </Form.Item>
                  <Form.Item name="anchorNames" label={t('live.edit.anchors')} extra={t('live.edit.anchorsHint')}>
                    <Select
                      mode="tags"
                      open={false}
                      suffixIcon={null}
                      tokenSeparators={[',', '，', '、']}
                      maxCount={10}
                      placeholder={t('live.edit.anchorsPlaceholder')}
                      data-testid="live-anchors"
                    />
                  </Form.Item>
                  <Form.Item name="scheduledStart" label={t('live.edit.plannedStart', { timezone: time.timezone })}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format={pickerFormat} className="full-width" data-testid="live-planned-start" />
                  </Form.Item>
                  <Form.Item
                    name="scheduledEnd"
                    label={t('live.edit.plannedEnd', { timezone: time.timezone })}
                    dependencies={['scheduledStart']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: Dayjs | null | undefined) => {
                          const start = getFieldValue('scheduledStart') as Dayjs | null | undefined;
                          return value && start && !value.isAfter(start) ? Promise.reject(new Error(t('live.edit.endBeforeStart'))) : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <DatePicker showTime={{ format: 'HH:mm' }} format={pickerFormat} className="full-width" data-testid="live-planned-end" />
                  </Form.Item>
                </div>
              </section>
              <section className="editor-section">
                <Typography.Title level={5} className="editor-section-title">
                  {t('live.lineup.title')}
                  <Typography.Text type="secondary" className="editor-section-hint">
                    {t('live.lineup.hint', { count: lineup.length })}
                  </Typography.Text>
                </Typography.Title>
                <LineupEditor value={lineup} onChange={setLineup} readOnly={readOnly} pinnedProductIds={session?.pinnedProductIds} />
              </section>
              {!readOnly && (
                <div className="editor-footer live-editor-footer">
                  <Typography.Text type="secondary">{lineupHasProblems(lineup) ? t('live.edit.fixLineup') : ''}</Typography.Text>
                  <Button
                    type="primary"
                    htmlType="submit"
                    icon={<SaveOutlined />}
                    loading={save.isPending}
                    disabled={lineupHasProblems(lineup)}
                    data-testid="live-save"
                  >
                    {session ? t('common.save') : t('live.edit.create')}
                  </Button>
                </div>
              )}
            </Form>
          </Card>
        </Col>
        {session && (
          <Col span={8} className="live-side">
            <Card className="page-card" size="small" title={t('live.edit.showCard')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('live.list.columns.status')}>
                  <LiveStatusTag status={session.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('live.edit.startedAt')}>
                  {session.startedAt === null ? t('common.none') : time.format(session.startedAt, 'YYYY-MM-DD HH:mm')}
                </Descriptions.Item>
                <Descriptions.Item label={t('live.edit.endedAt')}>
                  {session.endedAt === null ? t('common.none') : time.format(session.endedAt, 'YYYY-MM-DD HH:mm')}
                </Descriptions.Item>
                <Descriptions.Item label={t('live.edit.createdAt')}>{time.format(session.createdAt, 'YYYY-MM-DD HH:mm')}</Descriptions.Item>
              </Descriptions>
              <Space wrap className="live-show-actions">
                <Button icon={<ExportOutlined />} href={session.roomUrl} target="_blank" rel="noreferrer">
                  {t('live.list.viewerPage')}
                </Button>
                {can('orders:read') && (
                  <Link to={`/orders?liveSessionId=${encodeURIComponent(session.id)}`}>
                    <Button>{t('live.edit.orders')}</Button>
                  </Link>
                )}
              </Space>
            </Card>
            <ObsPanel session={session} canManage={can('live:manage')} />
          </Col>
        )}
      </Row>
    </>
  );
}
