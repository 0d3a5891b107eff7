import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ShipmentImportTab } from './ShipmentImportTab';
import { ToShipTab } from './ToShipTab';
import { WavesTab } from './WavesTab';

type FulfillmentTab = 'to-ship' | 'waves' | 'import';
const tabs: FulfillmentTab[] = ['to-ship', 'waves', 'import'];
const isTab = (value: string | null): value is FulfillmentTab => value !== null && (tabs as string[]).includes(value);

export function FulfillmentPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const activeTab: FulfillmentTab = isTab(requested) ? requested : 'to-ship';

  return (
    <>
      <PageHeader title={t('fulfillment.title')} subtitle={t('fulfillment.subtitle')} />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'to-ship' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'to-ship', label: t('fulfillment.tabs.toShip'), children: <ToShipTab /> },
            { key: 'waves', label: t('fulfillment.tabs.waves'), children: <WavesTab /> },
            { key: 'import', label: t('fulfillment.tabs.import'), children: <ShipmentImportTab /> },
          ]}
        />
      </Card>
    </>
  );
}
