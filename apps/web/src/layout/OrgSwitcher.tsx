import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints';
import { useMe } from '../auth/me';
import { session } from '../auth/session';
import { roleLabelKey } from '../i18n/labels';
import { useErrorMessage } from '../lib/errors';
import { CreateOrgModal } from './CreateOrgModal';

export function OrgSwitcher() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);

  const switchOrg = useMutation({
    mutationFn: async (orgId: string) => {
      const result = await api.switchOrg(orgId);
      session.set(result);
      return result;
    },
    onSuccess: (result) => {
      message.success(t('header.switchedOrg', { name: result.org.name }));
      // Permissions differ per org, so start over from `/` with nothing cached from the old org.
      navigate('/');
      void queryClient.resetQueries();
    },
    onError: (error) => message.error(describeError(error)),
  });

  const options = me.orgs.map((membership) => ({
    value: membership.org.id,
    label: membership.org.name,
    role: membership.role,
  }));

  return (
    <>
      <Select
        data-testid="org-switcher"
        className="org-switcher"
        aria-label={t('header.org')}
        prefix={<ApartmentOutlined />}
        value={me.org.id}
        options={options}
        loading={switchOrg.isPending}
        disabled={switchOrg.isPending}
        open={open}
        onOpenChange={setOpen}
        popupMatchSelectWidth={280}
        onChange={(orgId: string) => {
          if (orgId !== me.org.id) switchOrg.mutate(orgId);
        }}
        optionRender={(option) => (
          <div className="org-option">
            <span className="org-option-name">{option.data.label}</span>
            <Tag variant="filled">{t(roleLabelKey(option.data.role))}</Tag>
          </div>
        )}
        popupRender={(menu) => (
          <>
            {menu}
            <Divider className="org-switcher-divider" />
            <Button
              type="text"
              block
              icon={<PlusOutlined />}
              className="org-switcher-create"
              onClick={() => {
                setOpen(false);
                setCreating(true);
              }}
            >
              {t('header.createOrg')}
            </Button>
          </>
        )}
      />
      <CreateOrgModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(org) => {
          setCreating(false);
          switchOrg.mutate(org.id);
        }}
      />
    </>
  );
}
