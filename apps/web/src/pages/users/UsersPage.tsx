import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { MembersTab } from './MembersTab';
import { RoleMatrix } from './RoleMatrix';

type UsersTab = 'members' | 'roles';

export function UsersPage() {
  const { t } = useTranslation();
  // The tab lives in the URL so a link can point straight at the permission matrix.
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const activeTab: UsersTab = requested === 'roles' ? 'roles' : 'members';

  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'members' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'members', label: t('users.tabs.members'), children: <MembersTab /> },
            { key: 'roles', label: t('users.tabs.roles'), children: <RoleMatrix /> },
          ]}
        />
      </Card>
    </>
  );
}
