import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, ShoppingOutlined, WarningOutlined } from '@ant-design/icons';
import { MAX_LINEUP_PRODUCTS } from '@livedesk/contracts';
import { Avatar, Button, InputNumber, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/commerce/Money';
import { YuanInput } from '../../components/commerce/YuanInput';
import { EmptyState } from '../../components/EmptyState';
import { fenToYuanInput } from '../../lib/money';
import { livePriceAboveShelf, livePriceInvalid, moveItem, type LineupProductDraft, type LineupSkuDraft } from './lineup';
import { ProductPickerModal } from './ProductPickerModal';

interface LineupEditorProps {
  value: LineupProductDraft[];
  onChange: (next: LineupProductDraft[]) => void;
  readOnly: boolean;
  /** products pinned (讲解中) right now, marked in the list */
  pinnedProductIds?: readonly string[];
}

/** The 小黄车 in order: products moved up and down, each SKU with its live price and campaign stock. */
export function LineupEditor({ value, onChange, readOnly, pinnedProductIds = [] }: LineupEditorProps) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);

  const updateSku = (productId: string, skuId: string, patch: Partial<LineupSkuDraft>) =>
    onChange(
      value.map((product) =>
        product.productId === productId
          ? { ...product, skus: product.skus.map((sku) => (sku.skuId === skuId ? { ...sku, ...patch } : sku)) }
          : product,
      ),
    );

  return (
    <div className="lineup-editor">
      {value.length === 0 && <EmptyState description={t('live.lineup.empty')} />}
      {value.map((product, index) => (
        <div key={product.productId} className="lineup-item" data-testid="live-lineup-item">
          <div className="lineup-item-head">
            <span className="lineup-position tabular">{index + 1}</span>
            <Avatar shape="square" size={40} src={product.imageUrl ?? undefined} icon={<ShoppingOutlined />} className="live-cover" />
            <div className="cell-stack lineup-item-title">
              <Typography.Text strong ellipsis={{ tooltip: product.title }}>
                {product.title}
                {pinnedProductIds.includes(product.productId) && (
                  <Tag color="red" className="inline-tag">
                    {t('live.lineup.explaining')}
                  </Tag>
                )}
              </Typography.Text>
              <Typography.Text type="secondary" className="cell-sub">
                {product.skus.length > 0 ? t('live.lineup.skuCount', { count: product.skus.length }) : t('live.lineup.noSkus')}
              </Typography.Text>
            </div>
            {!readOnly && (
              <div className="lineup-item-actions">
                <Tooltip title={t('live.lineup.moveUp')}>
                  <Button
                    type="text"
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    aria-label={t('live.lineup.moveUp')}
                    onClick={() => onChange(moveItem(value, index, -1))}
                  />
                </Tooltip>
                <Tooltip title={t('live.lineup.moveDown')}>
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={index === value.length - 1}
                    aria-label={t('live.lineup.moveDown')}
                    onClick={() => onChange(moveItem(value, index, 1))}
                  />
                </Tooltip>
                <Tooltip title={t('live.lineup.remove')}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('live.lineup.remove')}
                    onClick={() => onChange(value.filter((p) => p.productId !== product.productId))}
                  />
                </Tooltip>
              </div>
            )}
          </div>
          {product.skus.length > 0 && (
            <SkuTable product={product} readOnly={readOnly} onSkuChange={(skuId, patch) => updateSku(product.productId, skuId, patch)} />
          )}
        </div>
      ))}
      {!readOnly && (
        <Button
          type="dashed"
          block
          icon={<PlusOutlined />}
          onClick={() => setPicking(true)}
          disabled={value.length >= MAX_LINEUP_PRODUCTS}
          data-testid="live-lineup-add"
        >
          {value.length >= MAX_LINEUP_PRODUCTS ? t('live.lineup.full', { max: MAX_LINEUP_PRODUCTS }) : t('live.lineup.add')}
        </Button>
      )}
      <ProductPickerModal
        open={picking}
        excluded={value.map((product) => product.productId)}
        room={MAX_LINEUP_PRODUCTS - value.length}
        onClose={() => setPicking(false)}
        onPick={(picked) => {
          onChange([...value, ...picked]);
          setPicking(false);
        }}
      />
    </div>
  );
}

function SkuTable({
  product,
  readOnly,
  onSkuChange,
}: {
  product: LineupProductDraft;
  readOnly: boolean;
  onSkuChange: (skuId: string, patch: Partial<LineupSkuDraft>) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<LineupSkuDraft> = [
    {
      title: t('live.lineup.sku'),
      key: 'sku',
      render: (_value, sku) => (
        <div className="cell-stack">
          <span>{Object.values(sku.specs).join(' / ') || sku.title}</span>
          <Typography.Text type="secondary" className="mono cell-sub">
            {sku.skuCode}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('live.lineup.shelfPrice'), key: 'price', width: 110, align: 'right', render: (_value, sku) => <Money fen={sku.priceFen} /> },
    {
      title: t('live.lineup.livePrice'),
      key: 'livePrice',
      width: 150,
      render: (_value, sku) => {
        const invalid = livePriceInvalid(sku);
        const above = !invalid && livePriceAboveShelf(sku);
        return (
          <Tooltip title={invalid ? t('live.lineup.livePriceInvalid') : above ? t('live.lineup.livePriceAbove') : undefined}>
            <YuanInput
              size="small"
              className="full-width"
              value={sku.livePrice}
              placeholder={fenToYuanInput(sku.priceFen)}
              status={invalid ? 'error' : above ? 'warning' : undefined}
              suffix={above ? <WarningOutlined className="warning-icon" /> : undefined}
              disabled={readOnly}
              onChange={(next) => onSkuChange(sku.skuId, { livePrice: next === null || next === '' ? null : next })}
              data-testid="live-lineup-price"
            />
          </Tooltip>
        );
      },
    },
    {
      title: (
        <Tooltip title={t('live.lineup.campaignStockHint')}>
          <span className="help-underline">{t('live.lineup.campaignStock')}</span>
        </Tooltip>
      ),
      key: 'campaignStock',
      width: 140,
      render: (_value, sku) => (
        <InputNumber<number>
          size="small"
          className="full-width"
          min={0}
          max={1_000_000}
          precision={0}
          value={sku.campaignStock}
          placeholder={t('live.lineup.generalStock')}
          disabled={readOnly}
          onChange={(next) => onSkuChange(sku.skuId, { campaignStock: next })}
          data-testid="live-lineup-stock"
        />
      ),
    },
    {
      title: t('live.lineup.available'),
      key: 'available',
      width: 90,
      align: 'right',
      render: (_value, sku) => <span className="tabular">{sku.available}</span>,
    },
  ];
  return <Table<LineupSkuDraft> size="small" rowKey="skuId" columns={columns} dataSource={product.skus} pagination={false} className="lineup-sku-table" />;
}
