import { DownOutlined, LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints';
import { useMe } from '../auth/me';
import { session } from '../auth/session';
import { roleLabelKey } from '../i18n/labels';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [changingPassword, setChangingPassword] = useState(false);

  const logout = async () => {
    const current = session.get();
    // Revoking the refresh token is a courtesy to the server; signing out locally must not wait on it.
    if (current) void api.logout(current.refreshToken).catch(() => undefined);
    session.clear();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  const items: MenuProps['items'] = [
    {
      key: 'profile',
      type: 'group',
      label: (
        <div className="user-menu-profile">
          <div className="user-menu-name">{me.user.name}</div>
          <div className="user-menu-email">{me.user.email}</div>
          <div className="user-menu-role">{t(roleLabelKey(me.role))} · {me.org.name}</div>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'password',
      icon: <LockOutlined />,
      label: <span data-testid="change-password">{t('header.changePassword')}</span>,
      onClick: () => setChangingPassword(true),
    },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout">{t('header.logout')}</span>,
      onClick: () => void logout(),
    },
  ];

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
        <Button type="text" className="user-menu-trigger" data-testid="user-menu">
          <Avatar size={26} className="user-avatar">
            {me.user.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <span className="user-menu-trigger-name">{me.user.name}</span>
          <DownOutlined className="user-menu-caret" />
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
