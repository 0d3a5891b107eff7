import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { StockLevelsTab } from './StockLevelsTab';
import { WarehousesTab } from './WarehousesTab';

type InventoryTab = 'levels' | 'warehouses';

export function InventoryPage() {
  const { t } = useTranslation();
  // The tab lives in the URL so a link can point straight at the warehouses.
  const [searchParams, setSearchParams] = useSearchParams();
  const activeTab: InventoryTab = searchParams.get('tab') === 'warehouses' ? 'warehouses' : 'levels';

  return (
    <>
      <PageHeader title={t('inventory.title')} subtitle={t('inventory.subtitle')} />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'levels' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'levels', label: t('inventory.tabs.levels'), children: <StockLevelsTab /> },
            { key: 'warehouses', label: t('inventory.tabs.warehouses'), children: <WarehousesTab /> },
          ]}
        />
      </Card>
    </>
  );
}
