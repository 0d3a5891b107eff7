import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../auth/me';
import { PageHeader } from '../../components/PageHeader';
import { ProductEditor, type EditorTarget } from './ProductEditor';
import { ProductsTab } from './ProductsTab';
import { TaxonomyTab } from './TaxonomyTab';

type ProductsPageTab = 'products' | 'taxonomy';

export function ProductsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const activeTab: ProductsPageTab = searchParams.get('tab') === 'taxonomy' ? 'taxonomy' : 'products';
  const [editing, setEditing] = useState<EditorTarget | null>(null);

  return (
    <>
      <PageHeader
        title={t('products.title')}
        subtitle={t('products.subtitle')}
        extra={
          can('catalog:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'new' })} data-testid="product-new">
              {t('products.create')}
            </Button>
          )
        }
      />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'products' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'products',
              label: t('products.tabs.products'),
              children: <ProductsTab onEdit={(id) => setEditing({ mode: 'edit', id })} />,
            },
            { key: 'taxonomy', label: t('products.tabs.taxonomy'), children: <TaxonomyTab /> },
          ]}
        />
      </Card>
      <ProductEditor target={editing} onClose={() => setEditing(null)} />
    </>
  );
}
