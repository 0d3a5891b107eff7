import { SettingOutlined, WarningFilled } from '@ant-design/icons';
import type { StockLevelView } from '@livedesk/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inventoryApi, inventoryKeys, stockLevelPageSize, type StockLevelFilters } from '../../api/inventory';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { useErrorMessage } from '../../lib/errors';
import { AdjustStockModal } from './AdjustStockModal';
import { LedgerDrawer, type LedgerSubject } from './LedgerDrawer';
import { LevelSettingsModal } from './LevelSettingsModal';

const levelKey = (level: StockLevelView) => `${level.skuId}:${level.warehouseId}`;

export function StockLevelsTab() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const can = useCan();
  const canWrite = can('inventory:write');
  const [filters, setFilters] = useState<StockLevelFilters>({});
  const [search, setSearch] = useState('');
  const [adjusting, setAdjusting] = useState<StockLevelView | null>(null);
  const [configuring, setConfiguring] = useState<StockLevelView | null>(null);
  const [ledgerOf, setLedgerOf] = useState<LedgerSubject | null>(null);

  const warehouses = useQuery({ queryKey: inventoryKeys.warehouses, queryFn: inventoryApi.warehouses });
  const levels = useInfiniteQuery({
    queryKey: inventoryKeys.levels(filters),
    queryFn: ({ pageParam, signal }) => inventoryApi.levels(filters, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (lastPage, pages) =>
      lastPage.items.length < stockLevelPageSize ? undefined : pages.length * stockLevelPageSize,
  });
  const rows = useMemo(() => levels.data?.pages.flatMap((page) => page.items) ?? [], [levels.data]);

  const columns: TableColumnsType<StockLevelView> = [
    {
      title: t('inventory.columns.product'),
      key: 'product',
      ellipsis: true,
      render: (_value, level) => (
        <div className="cell-stack">
          <Typography.Text strong ellipsis={{ tooltip: level.productTitle }}>
            {level.productTitle}
          </Typography.Text>
          <Typography.Text type="secondary" className="cell-sub">
            {level.skuTitle}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('inventory.columns.sku'),
      dataIndex: 'skuCode',
      width: 130,
      render: (code: string) => <Typography.Text className="mono">{code}</Typography.Text>,
    },
    {
      title: t('inventory.columns.warehouse'),
      key: 'warehouse',
      width: 140,
      render: (_value, level) => (
        <div className="cell-stack">
          <Typography.Text ellipsis={{ tooltip: level.warehouseName }}>{level.warehouseName}</Typography.Text>
          <Typography.Text type="secondary" className="mono cell-sub">
            {level.warehouseCode}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('inventory.columns.bin'),
      dataIndex: 'bin',
      width: 80,
      render: (bin: string | null) =>
        bin ? <span className="mono">{bin}</span> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('inventory.columns.onHand'),
      dataIndex: 'onHand',
      width: 70,
      align: 'right',
      render: (value: number) => <span className="tabular">{value}</span>,
    },
    {
      title: t('inventory.columns.reserved'),
      dataIndex: 'reserved',
      width: 70,
      align: 'right',
      render: (value: number) => <span className="tabular">{value}</span>,
    },
    {
      title: t('inventory.columns.available'),
      key: 'available',
      width: 120,
      align: 'right',
      render: (_value, level) => (
        <Space size={6}>
          {level.low && (
            <Tooltip title={t('inventory.lowHint', { threshold: level.lowStockThreshold ?? 0 })}>
              <Tag color="red" icon={<WarningFilled />} data-testid="stock-low">
                {t('inventory.low')}
              </Tag>
            </Tooltip>
          )}
          <Typography.Text strong type={level.low ? 'danger' : undefined} className="tabular">
            {level.available}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('inventory.columns.threshold'),
      dataIndex: 'lowStockThreshold',
      width: 80,
      align: 'right',
      render: (value: number | null) =>
        value === null ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : <span className="tabular">{value}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canWrite ? 140 : 70,
      render: (_value, level) => (
        <Space size={0}>
          {canWrite && (
            <Button type="link" size="small" onClick={() => setAdjusting(level)} data-testid="stock-adjust">
              {t('inventory.adjust')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            onClick={() =>
              setLedgerOf({ skuId: level.skuId, skuCode: level.skuCode, title: `${level.productTitle} · ${level.skuTitle}` })
            }
            data-testid="stock-ledger"
          >
            {t('inventory.ledger')}
          </Button>
          {canWrite && (
            <Tooltip title={t('inventory.settings')}>
              <Button type="text" size="small" icon={<SettingOutlined />} onClick={() => setConfiguring(level)} aria-label={t('inventory.settings')} />
            </Tooltip>
          )}
        </Space>
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
            placeholder={t('inventory.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => setFilters((current) => ({ ...current, q: value.trim() || undefined }))}
            data-testid="stock-search"
          />
          <Select
            allowClear
            className="toolbar-select"
            placeholder={t('inventory.allWarehouses')}
            value={filters.warehouseId}
            onChange={(warehouseId?: string) => setFilters((current) => ({ ...current, warehouseId }))}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name} · ${w.code}` }))}
          />
          <Checkbox
            checked={filters.low ?? false}
            onChange={(event) => setFilters((current) => ({ ...current, low: event.target.checked || undefined }))}
            data-testid="stock-low-only"
          >
            {t('inventory.lowOnly')}
          </Checkbox>
        </Space>
        <Typography.Text type="secondary">{t('inventory.shown', { count: rows.length })}</Typography.Text>
      </div>
      <Table<StockLevelView>
        data-testid="stock-table"
        size="small"
        rowKey={levelKey}
        columns={columns}
        dataSource={rows}
        loading={levels.isPending}
        pagination={false}
        rowClassName={(level) => (level.low ? 'row-warning' : '')}
        locale={{
          emptyText: (
            <EmptyState
              description={
                levels.isError
                  ? describeError(levels.error)
                  : filters.q || filters.warehouseId || filters.low
                    ? t('inventory.noMatch')
                    : t('inventory.empty')
              }
            />
          ),
        }}
      />
      {levels.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void levels.fetchNextPage()} loading={levels.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <AdjustStockModal level={adjusting} onClose={() => setAdjusting(null)} />
      <LevelSettingsModal level={configuring} onClose={() => setConfiguring(null)} />
      <LedgerDrawer subject={ledgerOf} onClose={() => setLedgerOf(null)} />
    </>
  );
}
