import { Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { averageCurve, heatStyle, topRate, type RetentionCell, type RetentionRow, type RetentionTable as Model } from './retentionModel';

interface RetentionTableProps {
  table: Model;
  /** the first column's heading */
  cohortTitle: string;
  /** the tooltip of a cell still rising, given its column */
  immatureHint?: (column: number) => string;
}

/** Cohorts down, periods across; each cell's blue grows with its rate, so the decay reads as a heatmap. */
export function RetentionTable({ table, cohortTitle, immatureHint }: RetentionTableProps) {
  const { t } = useTranslation();
  const top = topRate(table);
  const curve = averageCurve(table);

  const cell = (value: RetentionCell | null, size: number, column: number) => {
    if (!value) return null;
    const style = heatStyle(value.rate, top);
    const tip = [
      value.detail,
      size > 0 ? t('retention.cellTip', { count: formatCount(value.count), size: formatCount(size) }) : t('retention.noMembers'),
      value.mature ? null : immatureHint?.(column),
    ].filter(Boolean);
    return (
      <Tooltip title={tip.map((line) => <div key={line}>{line}</div>)}>
        <div
          className={`retention-cell${value.mature ? '' : ' retention-cell-immature'}`}
          style={style}
          data-testid="retention-cell"
          data-rate={value.rate ?? ''}
        >
          <span className="retention-cell-rate">{formatRate(value.rate)}</span>
          <span className="retention-cell-count">{size > 0 ? formatCount(value.count) : ''}</span>
        </div>
      </Tooltip>
    );
  };

  const columns: ColumnsType<RetentionRow> = [
    {
      key: 'cohort',
      title: cohortTitle,
      fixed: 'left',
      width: 220,
      render: (_, row) => (
        <div className="retention-cohort">
          <Typography.Text ellipsis={{ tooltip: row.label }} strong>
            {row.label}
          </Typography.Text>
          {row.sublabel && <Typography.Text type="secondary">{row.sublabel}</Typography.Text>}
        </div>
      ),
    },
    { key: 'size', title: t('retention.size'), width: 96, align: 'right', render: (_, row) => formatCount(row.size) },
    ...table.columns.map((title, i) => ({
      key: `p${i}`,
      title,
      width: 104,
      align: 'center' as const,
      className: 'retention-heat-column',
      render: (_: unknown, row: RetentionRow) => cell(row.cells[i] ?? null, row.size, i),
    })),
  ];

  const averageStyle = (rate: number | null) => heatStyle(rate, top);
  return (
    <Table<RetentionRow>
      className="retention-table"
      data-testid="retention-table"
      size="small"
      bordered
      rowKey="key"
      columns={columns}
      dataSource={table.rows}
      pagination={table.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <Table.Summary fixed="top">
          <Table.Summary.Row className="retention-average-row">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('retention.average')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {formatCount(table.rows.reduce((sum, row) => sum + row.size, 0))}
            </Table.Summary.Cell>
            {curve.map((rate, i) => (
              <Table.Summary.Cell key={i} index={i + 2} align="center" className="retention-heat-column">
                <div className="retention-cell retention-cell-average" style={averageStyle(rate)}>
                  <span className="retention-cell-rate">{formatRate(rate)}</span>
                </div>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
