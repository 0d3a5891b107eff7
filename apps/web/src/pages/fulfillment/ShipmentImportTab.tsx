import { InboxOutlined } from '@ant-design/icons';
import { errorCodes, type ErrorCode, type ShipmentImportReport } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { inventoryKeys } from '../../api/inventory';
import { orderKeys } from '../../api/orders';
import { useCan } from '../../auth/me';
import { useCarrierName } from '../../components/commerce/Carrier';
import { errorMessageKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';

const isErrorCode = (code: string): code is ErrorCode => (errorCodes as readonly string[]).includes(code);

type ReportRow = ShipmentImportReport['rows'][number];

/** Bulk shipping from a carrier's or a WMS's export: `orderNo,carrier,trackingNo`, one parcel per row. */
export function ShipmentImportTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const carrierName = useCarrierName();
  const queryClient = useQueryClient();
  const [report, setReport] = useState<ShipmentImportReport | null>(null);
  const [fileName, setFileName] = useState('');
  const [failedOnly, setFailedOnly] = useState(false);

  const upload = useMutation({
    mutationFn: (file: File) => fulfillmentApi.importShipments(file),
    onSuccess: (result) => {
      setReport(result);
      setFailedOnly(result.failed > 0);
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      void queryClient.invalidateQueries({ queryKey: fulfillmentKeys.all });
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
    },
    onError: (error) => message.error(describeError(error, { validation: t('shipmentImport.invalidFile') })),
  });

  const columns: TableColumnsType<ReportRow> = [
    { title: t('shipmentImport.columns.line'), dataIndex: 'line', width: 70, render: (n: number) => <span className="tabular">{n}</span> },
    { title: t('shipmentImport.columns.orderNo'), dataIndex: 'orderNo', width: 230, render: (no: string) => <span className="mono">{no}</span> },
    { title: t('shipmentImport.columns.carrier'), dataIndex: 'carrier', width: 130, render: (c: string) => carrierName(c) },
    { title: t('shipmentImport.columns.trackingNo'), dataIndex: 'trackingNo', width: 180, render: (no: string) => <span className="mono">{no}</span> },
    {
      title: t('shipmentImport.columns.result'),
      key: 'result',
      render: (_value, row) =>
        row.ok ? (
          <Tag color="green">{t('shipmentImport.ok')}</Tag>
        ) : (
          <div className="cell-stack">
            <Typography.Text type="danger">{row.error && isErrorCode(row.error.code) ? t(errorMessageKey(row.error.code)) : t('shipmentImport.failed')}</Typography.Text>
            {row.error && (
              <Typography.Text type="secondary" className="cell-sub">
                {row.error.message}
              </Typography.Text>
            )}
          </div>
        ),
    },
  ];

  if (!can('fulfillment:write')) return <Alert type="info" showIcon title={t('shipmentImport.noPermission')} />;

  if (!report) {
    return (
      <div className="import-pane">
        <Alert type="info" showIcon className="modal-alert" title={t('shipmentImport.format')} />
        <div data-testid="shipments-import">
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              setFileName(file.name);
              upload.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{upload.isPending ? t('shipmentImport.uploading', { name: fileName }) : t('shipmentImport.drop')}</p>
            <p className="ant-upload-hint">{t('shipmentImport.hint')}</p>
          </Upload.Dragger>
        </div>
      </div>
    );
  }

  const rows = failedOnly ? report.rows.filter((row) => !row.ok) : report.rows;
  return (
    <div data-testid="shipments-import-report">
      <div className="table-toolbar">
        <Typography.Text type="secondary">{t('shipmentImport.reportFor', { name: fileName })}</Typography.Text>
        <Button onClick={() => setReport(null)}>{t('shipmentImport.another')}</Button>
      </div>
      <div className="import-stats import-stats-3">
        <Statistic title={t('shipmentImport.stats.total')} value={report.total} />
        <Statistic title={t('shipmentImport.stats.applied')} value={report.applied} styles={{ content: { color: '#00b42a' } }} />
        <Statistic title={t('shipmentImport.stats.failed')} value={report.failed} styles={{ content: { color: report.failed ? '#f53f3f' : undefined } }} />
      </div>
      <div className="table-toolbar">
        <Typography.Text strong>{t('products.import.rows', { count: report.rows.length })}</Typography.Text>
        <Checkbox checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)}>
          {t('products.import.failedOnly')}
        </Checkbox>
      </div>
      <Table<ReportRow> size="small" rowKey="line" columns={columns} dataSource={rows} pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false} />
    </div>
  );
}
