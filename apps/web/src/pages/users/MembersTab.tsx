import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { roles, type MemberView, type Role, type UpdateMemberBody } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys } from '../../api/endpoints';
import { useCan, useMe } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { permissionLabelKey, roleLabelKey } from '../../i18n/labels';
import { settled, useErrorMessage } from '../../lib/errors';
import { roleColors } from '../../lib/roleColors';
import { useOrgTime } from '../../lib/time';
import { AddMemberModal } from './AddMemberModal';

interface MemberUpdate {
  member: MemberView;
  body: UpdateMemberBody;
  successText: string;
}

export function MembersTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const describeError = useErrorMessage();
  const me = useMe();
  const can = useCan();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');

  const canManage = can('users:manage');
  const members = useQuery({ queryKey: queryKeys.members, queryFn: api.listMembers });

  // Changing your own role or status changes what the shell may show, so `me` is refreshed as well.
  const refresh = (member: MemberView) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.members });
    if (member.user.id === me.user.id) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const lastOwnerConflict = { conflict: t('users.lastOwner') };

  const update = useMutation({
    mutationFn: ({ member, body }: MemberUpdate) => api.updateMember(member.user.id, body),
    onSuccess: (_updated, { member, successText }) => {
      message.success(successText);
      refresh(member);
    },
    onError: (error) => message.error(describeError(error, lastOwnerConflict)),
  });

  const remove = useMutation({
    mutationFn: (member: MemberView) => api.removeMember(member.user.id),
    onSuccess: (_nothing, member) => {
      message.success(t('users.removed', { name: member.user.name }));
      refresh(member);
    },
    onError: (error) => message.error(describeError(error, lastOwnerConflict)),
  });

  const confirmRoleChange = (member: MemberView, role: Role) => {
    const name = member.user.name;
    modal.confirm({
      title: t('users.confirmRoleTitle'),
      content: t('users.confirmRoleText', { name, from: t(roleLabelKey(member.role)), to: t(roleLabelKey(role)) }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () =>
        settled(
          update.mutateAsync({
            member,
            body: { role },
            successText: t('users.roleChanged', { name, role: t(roleLabelKey(role)) }),
          }),
        ),
    });
  };

  const visibleMembers = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const items = members.data?.items ?? [];
    if (!needle) return items;
    return items.filter(
      ({ user }) => user.name.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle),
    );
  }, [members.data, search]);

  const roleOptions = roles.map((role) => ({ value: role, label: t(roleLabelKey(role)) }));
  const manageHint = canManage ? undefined : t('users.noManagePermission', { permission: t(permissionLabelKey('users:manage')) });

  const columns: TableColumnsType<MemberView> = [
    {
      title: t('users.columns.name'),
      key: 'name',
      render: (_value, { user }) => (
        <Space size={6}>
          <Typography.Text strong>{user.name}</Typography.Text>
          {user.id === me.user.id && <Tag color="blue" variant="outlined">{t('users.you')}</Tag>}
        </Space>
      ),
    },
    { title: t('users.columns.email'), key: 'email', render: (_value, { user }) => user.email },
    {
      title: t('users.columns.role'),
      dataIndex: 'role',
      width: 120,
      render: (role: Role) => <Tag color={roleColors[role]}>{t(roleLabelKey(role))}</Tag>,
    },
    {
      title: t('users.columns.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: MemberView['status']) => (
        <Badge status={status === 'active' ? 'success' : 'default'} text={t(`memberStatus.${status}`)} />
      ),
    },
    {
      title: t('users.columns.joined'),
      dataIndex: 'joinedAt',
      width: 170,
      render: (joinedAt: number) => time.format(joinedAt, 'YYYY-MM-DD HH:mm'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 290,
      render: (_value, member) => {
        const name = member.user.name;
        const disabling = member.status === 'active';
        return (
          <Tooltip title={manageHint}>
            <Space size={4}>
              <Select<Role>
                size="small"
                className="member-role-select"
                aria-label={t('users.changeRole')}
                value={member.role}
                options={roleOptions}
                disabled={!canManage}
                popupMatchSelectWidth={false}
                onChange={(role) => confirmRoleChange(member, role)}
              />
              <Popconfirm
                title={t(disabling ? 'users.confirmDisable' : 'users.confirmEnable', { name })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                disabled={!canManage}
                onConfirm={() =>
                  settled(
                    update.mutateAsync({
                      member,
                      body: { status: disabling ? 'disabled' : 'active' },
                      successText: t(disabling ? 'users.disabled' : 'users.enabled', { name }),
                    }),
                  )
                }
              >
                <Button type="link" size="small" disabled={!canManage}>
                  {t(disabling ? 'users.disable' : 'users.enable')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('users.confirmRemove', { name })}
                okText={t('users.remove')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                disabled={!canManage}
                onConfirm={() => settled(remove.mutateAsync(member))}
              >
                <Button type="link" size="small" danger disabled={!canManage}>
                  {t('users.remove')}
                </Button>
              </Popconfirm>
            </Space>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space size={12}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            className="toolbar-search"
          />
          <Typography.Text type="secondary">
            {t('users.count', { count: members.data?.items.length ?? 0 })}
          </Typography.Text>
        </Space>
        <Tooltip title={manageHint}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!canManage}
            onClick={() => setAdding(true)}
            data-testid="add-member"
          >
            {t('users.add')}
          </Button>
        </Tooltip>
      </div>
      <Table<MemberView>
        data-testid="users-table"
        size="small"
        rowKey={(member) => member.user.id}
        columns={columns}
        dataSource={visibleMembers}
        loading={members.isPending}
        pagination={visibleMembers.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{
          emptyText: members.isError ? (
            <EmptyState description={describeError(members.error)} />
          ) : (
            <EmptyState description={t(search ? 'users.noMatch' : 'users.empty')} />
          ),
        }}
      />
      <AddMemberModal
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={() => void queryClient.invalidateQueries({ queryKey: queryKeys.members })}
      />
    </>
  );
}
