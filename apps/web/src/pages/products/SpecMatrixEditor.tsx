import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { SpecAttribute } from '@livedesk/contracts';
import { Alert, Button, Input, InputNumber, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fillCodes, type SkuDraft, type SkuProblem, type SpecDraft } from './skuMatrix';

/** At most 5 axes (as the contract allows) and 100 values on each. */
export const maxSpecs = 5;

const problemKey = (problem: SkuProblem) => `products.sku.problems.${problem}` as const;

export function SpecEditor({ specs, onChange, disabled }: { specs: SpecDraft[]; onChange: (specs: SpecDraft[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<SpecDraft>) =>
    onChange(specs.map((spec, i) => (i === index ? { ...spec, ...patch } : spec)));
  const names = specs.map((spec) => spec.name.trim());

  return (
    <div className="spec-editor">
      {specs.map((spec, index) => {
        const name = spec.name.trim();
        const duplicate = name !== '' && names.indexOf(name) !== index;
        const badName = /[:：;；]/.test(name);
        return (
          <div key={index} className="spec-row">
            <Tooltip title={duplicate ? t('products.spec.duplicateName') : badName ? t('products.spec.badName') : undefined}>
              <Input
                className="spec-name"
                value={spec.name}
                maxLength={30}
                status={duplicate || badName ? 'error' : undefined}
                placeholder={t('products.spec.namePlaceholder')}
                onChange={(event) => update(index, { name: event.target.value })}
                disabled={disabled}
                data-testid={`spec-name-${index}`}
              />
            </Tooltip>
            <Select
              mode="tags"
              className="spec-values"
              value={spec.values}
              placeholder={t('products.spec.valuesPlaceholder')}
              tokenSeparators={[',', '，']}
              open={false}
              suffixIcon={null}
              onChange={(values: string[]) =>
                update(index, {
                  values: [...new Set(values.map((v) => v.trim()).filter((v) => v !== '' && !/[;；]/.test(v) && v.length <= 30))],
                })
              }
              disabled={disabled}
              data-testid={`spec-values-${index}`}
            />
            <Tooltip title={t('products.spec.remove')}>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => onChange(specs.filter((_spec, i) => i !== index))}
                disabled={disabled}
                aria-label={t('products.spec.remove')}
                data-testid={`spec-remove-${index}`}
              />
            </Tooltip>
          </div>
        );
      })}
      {!disabled && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => onChange([...specs, { name: '', values: [] }])}
          disabled={specs.length >= maxSpecs}
          data-testid="spec-add"
        >
          {specs.length >= maxSpecs ? t('products.spec.max', { max: maxSpecs }) : t('products.spec.add')}
        </Button>
      )}
    </div>
  );
}

interface MatrixProps {
  attributes: SpecAttribute[];
  rows: SkuDraft[];
  onChange: (rows: SkuDraft[]) => void;
  problems: Map<string, SkuProblem[]>;
  showProblems: boolean;
  disabled?: boolean;
}

/** One row per cell of the spec matrix (颜色 × 尺码 …), each a SKU with its own code, price and stock. */
export function SkuMatrix({ attributes, rows, onChange, problems, showProblems, disabled }: MatrixProps) {
  const { t } = useTranslation();
  const update = (key: string, patch: Partial<SkuDraft>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const problemOf = (row: SkuDraft, ...which: SkuProblem[]) =>
    showProblems ? problems.get(row.key)?.find((problem) => which.includes(problem)) : undefined;
  const withProblem = (problem: SkuProblem | undefined, input: ReactNode) =>
    problem ? <Tooltip title={t(problemKey(problem))}>{input}</Tooltip> : input;

  const columns: TableColumnsType<SkuDraft> = [
    ...attributes.map((attribute) => ({
      title: attribute.name,
      key: `spec:${attribute.name}`,
      width: 90,
      render: (_value: unknown, row: SkuDraft) => row.specValues[attribute.name] ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    })),
    ...(attributes.length === 0
      ? [{ title: t('products.sku.single'), key: 'single', width: 90, render: () => <Typography.Text type="secondary">{t('products.sku.default')}</Typography.Text> }]
      : []),
    {
      title: <span className="required-mark">{t('products.sku.code')}</span>,
      key: 'code',
      width: 170,
      render: (_value, row, index) => {
        const problem = problemOf(row, 'codeRequired', 'codeInvalid', 'codeDuplicate');
        return withProblem(
          problem,
          <Input
            size="small"
            className="mono-input"
            value={row.skuCode}
            maxLength={64}
            status={problem ? 'error' : undefined}
            onChange={(event) => update(row.key, { skuCode: event.target.value })}
            disabled={disabled}
            data-testid={`sku-code-${index}`}
          />,
        );
      },
    },
    {
      title: <span className="required-mark">{t('products.sku.price')}</span>,
      key: 'price',
      width: 130,
      render: (_value, row, index) => {
        const problem = problemOf(row, 'priceRequired', 'priceInvalid');
        return withProblem(
          problem,
          <InputNumber<string>
            size="small"
            stringMode
            precision={2}
            min="0"
            max="1000000"
            prefix="¥"
            className="full-width"
            value={row.price}
            status={problem ? 'error' : undefined}
            onChange={(value) => update(row.key, { price: value })}
            disabled={disabled}
            data-testid={`sku-price-${index}`}
          />,
        );
      },
    },
    {
      title: t('products.sku.cost'),
      key: 'cost',
      width: 120,
      render: (_value, row, index) => {
        const problem = problemOf(row, 'costInvalid');
        return withProblem(
          problem,
          <InputNumber<string>
            size="small"
            stringMode
            precision={2}
            min="0"
            max="1000000"
            prefix="¥"
            className="full-width"
            value={row.cost}
            status={problem ? 'error' : undefined}
            onChange={(value) => update(row.key, { cost: value })}
            disabled={disabled}
            data-testid={`sku-cost-${index}`}
          />,
        );
      },
    },
    {
      title: t('products.sku.stock'),
      key: 'stock',
      width: 110,
      render: (_value, row, index) =>
        row.id === undefined ? (
          <InputNumber
            size="small"
            precision={0}
            min={0}
            max={1_000_000}
            className="full-width"
            placeholder={t('products.sku.initialStock')}
            value={row.stock}
            onChange={(value) => update(row.key, { stock: value })}
            disabled={disabled}
            data-testid={`sku-stock-${index}`}
          />
        ) : (
          <Tooltip title={t('products.sku.stockViaInventory')}>
            <span className="tabular sku-available">{t('products.sku.available', { count: row.available ?? 0 })}</span>
          </Tooltip>
        ),
    },
    {
      title: t('products.sku.barcode'),
      key: 'barcode',
      width: 140,
      render: (_value, row) => (
        <Input
          size="small"
          className="mono-input"
          value={row.barcode}
          maxLength={64}
          onChange={(event) => update(row.key, { barcode: event.target.value })}
          disabled={disabled}
        />
      ),
    },
    {
      title: t('products.sku.weight'),
      key: 'weight',
      width: 100,
      render: (_value, row) => (
        <InputNumber
          size="small"
          precision={0}
          min={0}
          max={1_000_000}
          className="full-width"
          value={row.weightGrams}
          onChange={(value) => update(row.key, { weightGrams: value })}
          disabled={disabled}
        />
      ),
    },
    {
      title: t('products.sku.enabled'),
      key: 'status',
      width: 90,
      fixed: 'right',
      render: (_value, row, index) =>
        row.outside ? (
          <Tooltip title={t('products.sku.outsideHint')}>
            <Tag>{t('products.sku.outside')}</Tag>
          </Tooltip>
        ) : (
          <Switch
            size="small"
            checked={row.status === 'active'}
            onChange={(checked) => update(row.key, { status: checked ? 'active' : 'disabled' })}
            disabled={disabled}
            data-testid={`sku-enabled-${index}`}
          />
        ),
    },
  ];

  return (
    <Table<SkuDraft>
      data-testid="sku-matrix"
      className="sku-matrix"
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content', y: rows.length > 12 ? 480 : undefined }}
      rowClassName={(row) => (row.status === 'disabled' ? 'row-muted' : '')}
    />
  );
}

/** 批量设置: the same price, cost or stock for every row, and codes from a prefix for rows without one. */
export function BatchFill({ rows, onChange, disabled }: { rows: SkuDraft[]; onChange: (rows: SkuDraft[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [price, setPrice] = useState<string | null>(null);
  const [cost, setCost] = useState<string | null>(null);
  const [stock, setStock] = useState<number | null>(null);
  const [prefix, setPrefix] = useState('');

  const apply = () => {
    let next = rows.map((row) => {
      if (row.outside) return row;
      return {
        ...row,
        ...(price ? { price } : {}),
        ...(cost ? { cost } : {}),
        ...(stock !== null && row.id === undefined ? { stock } : {}),
      };
    });
    next = fillCodes(next, prefix);
    onChange(next);
  };

  return (
    <div className="batch-fill">
      <Typography.Text type="secondary">{t('products.batch.title')}</Typography.Text>
      <Space.Compact size="small">
        <InputNumber<string> stringMode precision={2} min="0" prefix="¥" placeholder={t('products.batch.price')} value={price} onChange={setPrice} disabled={disabled} className="batch-input" />
        <InputNumber<string> stringMode precision={2} min="0" prefix="¥" placeholder={t('products.batch.cost')} value={cost} onChange={setCost} disabled={disabled} className="batch-input" />
        <InputNumber precision={0} min={0} placeholder={t('products.batch.stock')} value={stock} onChange={setStock} disabled={disabled} className="batch-input" />
        <Input placeholder={t('products.batch.prefix')} value={prefix} onChange={(event) => setPrefix(event.target.value)} disabled={disabled} className="batch-input mono-input" maxLength={50} />
        <Button icon={<ThunderboltOutlined />} onClick={apply} disabled={disabled} data-testid="sku-batch-apply">
          {t('products.batch.apply')}
        </Button>
      </Space.Compact>
    </div>
  );
}

export function MatrixNotice({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 100) return null;
  return <Alert type="warning" showIcon className="modal-alert" title={t('products.sku.manyRows', { count })} />;
}
