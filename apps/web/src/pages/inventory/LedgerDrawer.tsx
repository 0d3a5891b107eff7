import type { LedgerEntryView } from '@livedesk/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Drawer, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { inventoryApi, inventoryKeys, type LedgerFilters } from '../../api/inventory';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { isLedgerKind, isRefType, ledgerKindLabelKey, refTypeLabelKey } from '../../i18n/labels';
import { useActorName } from '../../lib/actors';
import { useErrorMessage } from '../../lib/errors';
import { useReasonText } from '../../lib/reasons';
import { useOrgTime } from '../../lib/time';

export interface LedgerSubject {
  skuId: string;
  skuCode: string;
  title: string;
}

const kindColor: Record<string, string> = {
  inbound: 'green',
  return: 'cyan',
  adjustment: 'blue',
  write_off: 'red',
  reservation: 'gold',
  release: 'default',
  shipment: 'geekblue',
  campaign_carve: 'magenta',
  campaign_return: 'purple',
};

function Delta({ value }: { value: number }) {
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Typography.Text type={value > 0 ? 'success' : 'danger'} className="tabular">
      {value > 0 ? `+${value}` : value}
    </Typography.Text>
  );
}

/** The stock ledger (库存流水) of one SKU: every move, newest first, never edited. */
export function LedgerDrawer({ subject, onClose }: { subject: LedgerSubject | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      title={t('inventory.ledgerTitle')}
      open={subject !== null}
      onClose={onClose}
      size={960}
      destroyOnHidden
    >
      {subject && <LedgerTable subject={subject} />}
    </Drawer>
  );
}

function LedgerTable({ subject }: { subject: LedgerSubject }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const can = useCan();
  const actorName = useActorName();
  const reasonText = useReasonText();
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const filters: LedgerFilters = { skuId: subject.skuId, warehouseId };

  const warehouses = useQuery({ queryKey: inventoryKeys.warehouses, queryFn: inventoryApi.warehouses });
  const ledger = useInfiniteQuery({
    queryKey: inventoryKeys.ledger(filters),
    queryFn: ({ pageParam, signal }) => inventoryApi.ledger(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const entries = useMemo(() => ledger.data?.pages.flatMap((page) => page.items) ?? [], [ledger.data]);

  const reference = (entry: LedgerEntryView) => {
    if (!entry.refType || !entry.refId) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    const label = isRefType(entry.refType) ? t(refTypeLabelKey(entry.refType)) : entry.refType;
    // A manual adjustment's reference only ties the row to its audit entry; the label says enough.
    if (entry.refType === 'manual') return <Typography.Text type="secondary">{label}</Typography.Text>;
    if (entry.refType === 'order' && can('orders:read')) {
      return (
        <Link to={`/orders/${encodeURIComponent(entry.refId)}`} data-testid="ledger-order-link">
          {label} · <span className="mono">{entry.refId.slice(-8)}</span>
        </Link>
      );
    }
    return (
      <Typography.Text type="secondary">
        {label} · <span className="mono">{entry.refId.slice(-8)}</span>
      </Typography.Text>
    );
  };

  const columns: TableColumnsType<LedgerEntryView> = [
    {
      title: t('inventory.ledgerColumns.time'),
      dataIndex: 'at',
      width: 150,
      render: (at: number) => <span className="tabular">{time.format(at, 'YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('inventory.ledgerColumns.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (kind: string) => <Tag color={kindColor[kind]}>{isLedgerKind(kind) ? t(ledgerKindLabelKey(kind)) : kind}</Tag>,
    },
    {
      title: t('inventory.ledgerColumns.warehouse'),
      dataIndex: 'warehouseCode',
      width: 80,
      render: (code: string) => <span className="mono">{code}</span>,
    },
    {
      title: t('inventory.ledgerColumns.onHand'),
      dataIndex: 'onHandDelta',
      width: 90,
      align: 'right',
      render: (value: number) => <Delta value={value} />,
    },
    {
      title: t('inventory.ledgerColumns.reserved'),
      dataIndex: 'reservedDelta',
      width: 90,
      align: 'right',
      render: (value: number) => <Delta value={value} />,
    },
    {
      title: t('inventory.ledgerColumns.reason'),
      dataIndex: 'reason',
      render: (reason: string | null) =>
        reason ? reasonText(reason) : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    { title: t('inventory.ledgerColumns.reference'), key: 'ref', width: 160, render: (_value, entry) => reference(entry) },
    {
      title: t('inventory.ledgerColumns.actor'),
      dataIndex: 'actorId',
      width: 110,
      render: (actorId: string | null) => actorName(actorId ? 'user' : 'system', actorId),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <div className="cell-stack">
          <Typography.Text strong>{subject.title}</Typography.Text>
          <Typography.Text type="secondary" className="mono cell-sub">
            {subject.skuCode}
          </Typography.Text>
        </div>
        <Space>
          <Select
            allowClear
            className="toolbar-select"
            placeholder={t('inventory.allWarehouses')}
            value={warehouseId}
            onChange={(value?: string) => setWarehouseId(value)}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name} · ${w.code}` }))}
          />
        </Space>
      </div>
      <Table<LedgerEntryView>
        data-testid="ledger-table"
        size="small"
        rowKey="seq"
        columns={columns}
        dataSource={entries}
        loading={ledger.isPending}
        pagination={false}
        locale={{
          emptyText: <EmptyState description={ledger.isError ? describeError(ledger.error) : t('inventory.ledgerEmpty')} />,
        }}
      />
      {ledger.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
