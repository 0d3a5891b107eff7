import { ShoppingOutlined } from '@ant-design/icons';
import type { ProductSummary } from '@livedesk/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Input, Modal, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, catalogKeys, type ProductFilters } from '../../api/catalog';
import { ProductStatusTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { useErrorMessage } from '../../lib/errors';
import { formatFenRange } from '../../lib/money';
import { draftFromProduct, type LineupProductDraft } from './lineup';

interface ProductPickerProps {
  open: boolean;
  /** already in the lineup: shown, not selectable */
  excluded: readonly string[];
  /** how many more the lineup takes */
  room: number;
  onClose: () => void;
  onPick: (products: LineupProductDraft[]) => void;
}

/** Products from the catalog for the lineup, searched by title or SKU code and ticked several at a time. */
export function ProductPickerModal({ open, excluded, room, onClose, onPick }: ProductPickerProps) {
  const { t } = useTranslation();
  return (
    <Modal title={t('live.picker.title')} open={open} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      {open && <Picker excluded={excluded} room={room} onPick={onPick} onClose={onClose} />}
    </Modal>
  );
}

function Picker({ excluded, room, onPick, onClose }: Omit<ProductPickerProps, 'open'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<ProductFilters>({});
  const [selected, setSelected] = useState<string[]>([]);

  const products = useInfiniteQuery({
    queryKey: catalogKeys.products(filters),
    queryFn: ({ pageParam, signal }) => catalogApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
  const rows = useMemo(() => products.data?.pages.flatMap((page) => page.items) ?? [], [products.data]);

  // The list carries no SKUs; the lineup needs each product's, so the chosen ones are read in full.
  const add = useMutation({
    mutationFn: (ids: string[]) =>
      Promise.all(ids.map((id) => queryClient.fetchQuery({ queryKey: catalogKeys.product(id), queryFn: () => catalogApi.get(id) }))),
    onSuccess: (full) => onPick(full.map(draftFromProduct)),
    onError: (error) => message.error(describeError(error)),
  });

  const columns: TableColumnsType<ProductSummary> = [
    {
      title: t('live.picker.product'),
      key: 'product',
      render: (_value, product) => (
        <div className="live-show-cell">
          <Avatar shape="square" size={36} src={product.cover?.url} icon={<ShoppingOutlined />} className="live-cover" />
          <Typography.Text ellipsis={{ tooltip: product.title }}>{product.title}</Typography.Text>
        </div>
      ),
    },
    { title: t('live.picker.status'), key: 'status', width: 90, render: (_value, product) => <ProductStatusTag status={product.status} /> },
    {
      title: t('live.picker.price'),
      key: 'price',
      width: 150,
      align: 'right',
      render: (_value, product) => <span className="tabular">{formatFenRange(product.minPriceFen, product.maxPriceFen) ?? t('common.none')}</span>,
    },
    { title: t('live.picker.available'), key: 'available', width: 80, align: 'right', render: (_value, product) => <span className="tabular">{product.available}</span> },
  ];

  return (
    <>
      <Input.Search
        allowClear
        className="picker-search"
        placeholder={t('live.picker.searchPlaceholder')}
        onSearch={(text) => setFilters(text.trim() ? { q: text.trim() } : {})}
        data-testid="live-picker-search"
      />
      <Table<ProductSummary>
        data-testid="live-picker-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={products.isPending}
        pagination={false}
        scroll={{ y: 360 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (product) => ({ disabled: excluded.includes(product.id) }),
        }}
        locale={{ emptyText: <EmptyState description={products.isError ? describeError(products.error) : t('live.picker.empty')} /> }}
      />
      {products.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void products.fetchNextPage()} loading={products.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <div className="modal-footer-row">
        <Typography.Text type={selected.length > room ? 'danger' : 'secondary'}>
          {selected.length > room ? t('live.picker.tooMany', { room }) : t('common.selected', { count: selected.length })}
        </Typography.Text>
        <span className="modal-footer-buttons">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={selected.length === 0 || selected.length > room}
            loading={add.isPending}
            onClick={() => add.mutate(selected)}
            data-testid="live-picker-submit"
          >
            {t('live.picker.add')}
          </Button>
        </span>
      </div>
    </>
  );
}
