import { ArrowRightOutlined } from '@ant-design/icons';
import { apiKeyScopes, roles, type ApiKeyScope, type AuditEntryView, type Role } from '@livedesk/contracts';
import { Descriptions, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { roleLabelKey, scopeLabelKey } from '../../i18n/labels';
import { useOrgTime } from '../../lib/time';

type AuditChange = AuditEntryView['changes'][number];

const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);
const isScope = (value: unknown): value is ApiKeyScope =>
  typeof value === 'string' && (apiKeyScopes as readonly string[]).includes(value);
const isMemberStatus = (value: unknown): value is 'active' | 'disabled' => value === 'active' || value === 'disabled';

/**
 * Renders one side of a change. Values the console has words for (roles, member status, scopes) get
 * them; `…At` fields hold epoch ms and are shown as times; anything else is shown as stored.
 */
function ChangeValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  if (value === null || value === undefined || value === '') {
    return <Typography.Text type="secondary">{t('audit.emptyValue')}</Typography.Text>;
  }
  if (isRole(value)) return <Tag>{t(roleLabelKey(value))}</Tag>;
  if (field === 'status' && isMemberStatus(value)) return <Tag>{t(`memberStatus.${value}`)}</Tag>;
  if (field.endsWith('At') && typeof value === 'number') {
    return <Typography.Text className="tabular change-field">{time.format(value)}</Typography.Text>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">{t('audit.emptyValue')}</Typography.Text>;
    return (
      <Space size={[4, 4]} wrap>
        {value.map((item, index) => (
          <Tag key={index}>{isScope(item) ? t(scopeLabelKey(item)) : formatPlain(item)}</Tag>
        ))}
      </Space>
    );
  }
  return <Typography.Text className="mono">{formatPlain(value)}</Typography.Text>;
}

function formatPlain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The "changes" column: which fields moved, with the single change spelled out inline. */
export function ChangesSummary({ changes }: { changes: AuditChange[] }): ReactNode {
  const { t } = useTranslation();
  const [first] = changes;
  if (!first) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  if (changes.length === 1) {
    return (
      <Space size={6} className="change-inline">
        <Typography.Text className="mono change-field" type="secondary">
          {first.field}
        </Typography.Text>
        <ChangeValue field={first.field} value={first.from} />
        <ArrowRightOutlined className="change-arrow" />
        <ChangeValue field={first.field} value={first.to} />
      </Space>
    );
  }
  return (
    <Typography.Text>
      {t('audit.changesCount', { count: changes.length })}
      <Typography.Text type="secondary" className="mono">
        {' '}
        {changes.map((change) => change.field).join(', ')}
      </Typography.Text>
    </Typography.Text>
  );
}

/** The expanded row: every changed field `from → to`, and where the request came from. */
export function AuditEntryDetail({ entry }: { entry: AuditEntryView }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<AuditChange> = [
    {
      title: t('audit.detail.field'),
      dataIndex: 'field',
      width: 180,
      render: (field: string) => <Typography.Text className="mono">{field}</Typography.Text>,
    },
    { title: t('audit.detail.from'), key: 'from', render: (_value, change) => <ChangeValue field={change.field} value={change.from} /> },
    {
      title: '',
      key: 'arrow',
      width: 32,
      align: 'center',
      render: () => <ArrowRightOutlined className="change-arrow" />,
    },
    { title: t('audit.detail.to'), key: 'to', render: (_value, change) => <ChangeValue field={change.field} value={change.to} /> },
  ];

  return (
    <div className="audit-detail">
      {entry.changes.length > 0 && (
        <Table<AuditChange>
          size="small"
          columns={columns}
          dataSource={entry.changes}
          rowKey={(change) => change.field}
          pagination={false}
          className="audit-detail-changes"
        />
      )}
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'ip', label: t('audit.detail.ip'), children: <span className="mono">{entry.ip ?? '—'}</span> },
          {
            key: 'request',
            label: t('audit.detail.requestId'),
            children: <span className="mono">{entry.requestId ?? '—'}</span>,
          },
          { key: 'entry', label: t('audit.detail.entryId'), children: <span className="mono">{entry.id}</span> },
        ]}
      />
    </div>
  );
}
