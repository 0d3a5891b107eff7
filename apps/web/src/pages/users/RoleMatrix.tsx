import { CheckOutlined } from '@ant-design/icons';
import type { Permission, Role } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys, type RoleView } from '../../api/endpoints';
import { useMe } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import {
  permissionArea,
  permissionAreaLabelKey,
  permissionAreas,
  permissionLabelKey,
  roleLabelKey,
  type PermissionArea,
} from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { roleColors } from '../../lib/roleColors';

type MatrixRow =
  | { kind: 'area'; key: string; area: PermissionArea }
  | { kind: 'permission'; key: string; permission: Permission };

/** Rows are the permissions the server reports, grouped under their business area. */
function matrixRows(permissions: readonly Permission[]): MatrixRow[] {
  return permissionAreas.flatMap((area) => {
    const inArea = permissions.filter((permission) => permissionArea[permission] === area);
    if (inArea.length === 0) return [];
    return [
      { kind: 'area' as const, key: `area:${area}`, area },
      ...inArea.map((permission) => ({ kind: 'permission' as const, key: permission, permission })),
    ];
  });
}

export function RoleMatrix() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const me = useMe();
  const roles = useQuery({ queryKey: queryKeys.roles, queryFn: api.listRoles, staleTime: 5 * 60_000 });

  const rows = useMemo(() => matrixRows(roles.data?.permissions ?? []), [roles.data]);
  const roleViews: RoleView[] = roles.data?.items ?? [];
  const spanAllColumns = roleViews.length + 1;

  const columns: TableColumnsType<MatrixRow> = [
    {
      title: t('roleMatrix.permission'),
      key: 'permission',
      fixed: 'left',
      width: 240,
      onCell: (row) => ({ colSpan: row.kind === 'area' ? spanAllColumns : 1 }),
      render: (_value, row) =>
        row.kind === 'area' ? (
          <Typography.Text strong className="matrix-area">
            {t(permissionAreaLabelKey(row.area))}
          </Typography.Text>
        ) : (
          <div className="matrix-permission">
            <span>{t(permissionLabelKey(row.permission))}</span>
            <Typography.Text type="secondary" className="mono matrix-permission-code">
              {row.permission}
            </Typography.Text>
          </div>
        ),
    },
    ...roleViews.map(
      ({ role, permissions }): TableColumnsType<MatrixRow>[number] => ({
        title: <RoleHeader role={role} isMine={role === me.role} />,
        key: role,
        align: 'center',
        width: 96,
        className: role === me.role ? 'matrix-own-role' : undefined,
        onCell: (row) => ({ colSpan: row.kind === 'area' ? 0 : 1 }),
        render: (_value, row) =>
          row.kind === 'permission' && permissions.includes(row.permission) ? (
            <CheckOutlined className="matrix-check" aria-label={t('roleMatrix.granted')} />
          ) : (
            <span className="matrix-none" aria-label={t('roleMatrix.notGranted')}>
              ·
            </span>
          ),
      }),
    ),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary" className="matrix-hint">
        {t('roleMatrix.hint')}
      </Typography.Paragraph>
      <Table<MatrixRow>
        data-testid="role-matrix"
        size="small"
        bordered
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={roles.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(row) => (row.kind === 'area' ? 'matrix-area-row' : '')}
        locale={{
          emptyText: <EmptyState description={roles.isError ? describeError(roles.error) : t('common.empty')} />,
        }}
      />
    </>
  );
}

function RoleHeader({ role, isMine }: { role: Role; isMine: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="matrix-role-header">
      <Tag color={roleColors[role]}>{t(roleLabelKey(role))}</Tag>
      {isMine && <span className="matrix-own-role-label">{t('roleMatrix.yourRole')}</span>}
    </div>
  );
}
