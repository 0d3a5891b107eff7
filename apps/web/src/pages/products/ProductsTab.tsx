import { DownloadOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import type { ProductStatus, ProductSummary } from '@livedesk/contracts';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, catalogKeys, saveFile, type ProductFilters } from '../../api/catalog';
import { useCan } from '../../auth/me';
import { ProductStatusTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { productStatusLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { formatFenRange } from '../../lib/money';
import { useOrgTime } from '../../lib/time';
import { BulkStatusModal } from './BulkStatusModal';
import { ImportModal } from './ImportModal';
import { categoryPath, categoryTree } from './taxonomy';

const statuses: ProductStatus[] = ['listed', 'delisted', 'draft'];

export function ProductsTab({ onEdit }: { onEdit: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const canWrite = can('catalog:write');
  const [filters, setFilters] = useState<ProductFilters>({});
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState<'listed' | 'delisted' | null>(null);
  const [importing, setImporting] = useState(false);

  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: catalogApi.categories });
  const brands = useQuery({ queryKey: catalogKeys.brands, queryFn: catalogApi.brands });
  const products = useInfiniteQuery({
    queryKey: catalogKeys.products(filters),
    queryFn: ({ pageParam, signal }) => catalogApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
  const rows = useMemo(() => products.data?.pages.flatMap((page) => page.items) ?? [], [products.data]);
  const brandName = useMemo(() => new Map((brands.data?.items ?? []).map((b) => [b.id, b.name])), [brands.data]);
  const filtered = Object.values(filters).some((value) => value !== undefined);

  const exportCsv = useMutation({
    mutationFn: () => catalogApi.exportCsv(filters),
    onSuccess: ({ blob, filename }) => saveFile(blob, filename ?? 'products.csv'),
    onError: (error) => message.error(describeError(error)),
  });

  const setFilter = <K extends keyof ProductFilters>(key: K, value: ProductFilters[K]) => {
    setSelected([]);
    setFilters((current) => ({ ...current, [key]: value }));
  };

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const columns: TableColumnsType<ProductSummary> = [
    {
      title: t('products.columns.product'),
      key: 'product',
      render: (_value, product) => (
        <div className="product-cell">
          {product.cover ? (
            <img src={product.cover.url} alt="" className="product-thumb" loading="lazy" />
          ) : (
            <div className="product-thumb product-thumb-empty">
              <PictureOutlined />
            </div>
          )}
          <div className="cell-stack">
            <Typography.Link strong onClick={() => onEdit(product.id)} ellipsis className="product-title-link">
              {product.title}
            </Typography.Link>
            <Typography.Text type="secondary" className="cell-sub">
              {t('products.skuCount', { count: product.skuCount })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('products.columns.category'),
      key: 'category',
      width: 150,
      render: (_value, product) => categoryPath(categories.data?.items ?? [], product.categoryId) ?? none,
    },
    {
      title: t('products.columns.brand'),
      key: 'brand',
      width: 110,
      render: (_value, product) => (product.brandId ? brandName.get(product.brandId) : null) ?? none,
    },
    {
      title: t('products.columns.price'),
      key: 'price',
      width: 170,
      align: 'right',
      render: (_value, product) => {
        const range = formatFenRange(product.minPriceFen, product.maxPriceFen);
        return range ? <span className="tabular money">{range}</span> : none;
      },
    },
    {
      title: t('products.columns.available'),
      dataIndex: 'available',
      width: 90,
      align: 'right',
      render: (available: number) => (
        <Typography.Text type={available <= 0 ? 'danger' : undefined} className="tabular">
          {available}
        </Typography.Text>
      ),
    },
    {
      title: t('products.columns.status'),
      key: 'status',
      width: 170,
      render: (_value, product) => (
        <div className="cell-stack">
          <span>
            <ProductStatusTag status={product.status} />
          </span>
          {product.listAt !== null && (
            <Typography.Text type="secondary" className="cell-sub">
              {t('products.listAt', { time: time.format(product.listAt, 'MM-DD HH:mm') })}
            </Typography.Text>
          )}
          {product.delistAt !== null && (
            <Typography.Text type="secondary" className="cell-sub">
              {t('products.delistAt', { time: time.format(product.delistAt, 'MM-DD HH:mm') })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('products.columns.updated'),
      dataIndex: 'updatedAt',
      width: 150,
      render: (at: number) => <span className="tabular">{time.format(at, 'YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      render: (_value, product) => (
        <Button type="link" size="small" onClick={() => onEdit(product.id)} data-testid="product-edit">
          {canWrite ? t('common.edit') : t('common.details')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            className="toolbar-search"
            placeholder={t('products.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => setFilter('q', value.trim() || undefined)}
            data-testid="products-search"
          />
          <Select
            allowClear
            className="toolbar-select-narrow"
            placeholder={t('products.allStatuses')}
            value={filters.status}
            onChange={(status?: ProductStatus) => setFilter('status', status)}
            options={statuses.map((status) => ({ value: status, label: t(productStatusLabelKey(status)) }))}
            data-testid="products-status"
          />
          <TreeSelect
            allowClear
            className="toolbar-select"
            placeholder={t('products.allCategories')}
            value={filters.categoryId}
            onChange={(categoryId?: string) => setFilter('categoryId', categoryId)}
            treeData={categoryTree(categories.data?.items ?? [])}
            treeDefaultExpandAll
            popupMatchSelectWidth={false}
          />
          <Select
            allowClear
            className="toolbar-select-narrow"
            placeholder={t('products.allBrands')}
            value={filters.brandId}
            onChange={(brandId?: string) => setFilter('brandId', brandId)}
            options={(brands.data?.items ?? []).map((brand) => ({ value: brand.id, label: brand.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Space>
        <Space>
          {canWrite && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="products-import">
              {t('products.import.button')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exportCsv.isPending} onClick={() => exportCsv.mutate()} data-testid="products-export">
            {t('products.export')}
          </Button>
        </Space>
      </div>
      {canWrite && selected.length > 0 && (
        <div className="bulk-bar" data-testid="products-bulk-bar">
          <Typography.Text>{t('common.selected', { count: selected.length })}</Typography.Text>
          <Space>
            <Button size="small" type="primary" onClick={() => setBulk('listed')} data-testid="products-bulk-list">
              {t('products.bulk.list')}
            </Button>
            <Button size="small" onClick={() => setBulk('delisted')} data-testid="products-bulk-delist">
              {t('products.bulk.delist')}
            </Button>
            <Button size="small" type="text" onClick={() => setSelected([])}>
              {t('common.clearSelection')}
            </Button>
          </Space>
        </div>
      )}
      <Table<ProductSummary>
        data-testid="products-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={products.isPending}
        pagination={false}
        rowSelection={
          canWrite ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), columnWidth: 40 } : undefined
        }
        locale={{
          emptyText: (
            <EmptyState
              description={
                products.isError ? describeError(products.error) : filtered ? t('products.noMatch') : t('products.empty')
              }
            />
          ),
        }}
      />
      {rows.length > 0 && (
        <div className="load-more">
          {products.hasNextPage ? (
            <Button onClick={() => void products.fetchNextPage()} loading={products.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('products.loaded', { count: rows.length })}</Typography.Text>
          )}
        </div>
      )}
      <BulkStatusModal
        status={bulk}
        productIds={selected}
        onClose={(done) => {
          setBulk(null);
          if (done) setSelected([]);
        }}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
