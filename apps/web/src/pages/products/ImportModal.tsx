import { InboxOutlined } from '@ant-design/icons';
import type { ImportResult } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Modal, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, catalogKeys } from '../../api/catalog';
import { inventoryKeys } from '../../api/inventory';
import { useErrorMessage } from '../../lib/errors';

type ImportRow = ImportResult['rows'][number];

/** Largest file the server takes (5 MB); refused here first so nobody waits for the upload to fail. */
const maxImportBytes = 5 * 1024 * 1024;

/** Uploads a product CSV and shows the server's per-row report. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [report, setReport] = useState<ImportResult | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [failedOnly, setFailedOnly] = useState(true);

  const upload = useMutation({
    mutationFn: (file: File) => catalogApi.importCsv(file),
    onSuccess: (result) => {
      setReport(result);
      setFailedOnly(result.rejected > 0);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
    },
    onError: (error) => message.error(describeError(error, { validation: t('products.import.invalidFile') })),
  });

  const columns: TableColumnsType<ImportRow> = [
    { title: t('products.import.columns.row'), dataIndex: 'row', width: 70, render: (row: number) => <span className="tabular">{row}</span> },
    {
      title: t('products.import.columns.sku'),
      dataIndex: 'skuCode',
      width: 160,
      render: (code?: string) => (code ? <span className="mono">{code}</span> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    {
      title: t('products.import.columns.result'),
      dataIndex: 'ok',
      width: 90,
      render: (ok: boolean) => (ok ? <Tag color="green">{t('products.import.ok')}</Tag> : <Tag color="red">{t('products.import.rejected')}</Tag>),
    },
    {
      title: t('products.import.columns.errors'),
      dataIndex: 'errors',
      render: (errors?: string[]) =>
        errors?.length ? (
          <ul className="import-errors">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        ) : null,
    },
  ];

  const rows = report ? (failedOnly ? report.rows.filter((row) => !row.ok) : report.rows) : [];

  return (
    <Modal
      title={t('products.import.title')}
      open={open}
      onCancel={onClose}
      width={760}
      footer={
        <Space>
          {report && (
            <Button
              onClick={() => {
                setReport(null);
                setFileName(null);
              }}
            >
              {t('products.import.another')}
            </Button>
          )}
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Space>
      }
      afterClose={() => {
        setReport(null);
        setFileName(null);
      }}
    >
      {!report && (
        <>
          <Alert type="info" showIcon className="modal-alert" title={t('products.import.format')} />
          <div data-testid="products-import-file">
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              if (file.size > maxImportBytes) {
                message.error(t('products.import.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              setFileName(file.name);
              upload.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {upload.isPending ? t('products.import.uploading', { name: fileName ?? '' }) : t('products.import.drop')}
            </p>
            <p className="ant-upload-hint">{t('products.import.hint')}</p>
          </Upload.Dragger>
          </div>
        </>
      )}
      {report && (
        <div data-testid="import-report">
          <Typography.Paragraph type="secondary">{t('products.import.reportFor', { name: fileName ?? '' })}</Typography.Paragraph>
          <div className="import-stats">
            <Statistic title={t('products.import.stats.imported')} value={report.imported} />
            <Statistic title={t('products.import.stats.updated')} value={report.updated} />
            <Statistic title={t('products.import.stats.unchanged')} value={report.unchanged} />
            <Statistic title={t('products.import.stats.productsCreated')} value={report.productsCreated} />
            <Statistic
              title={t('products.import.stats.rejected')}
              value={report.rejected}
              styles={{ content: { color: report.rejected > 0 ? '#f53f3f' : undefined } }}
            />
          </div>
          {report.ignoredColumns.length > 0 && (
            <Alert
              type="warning"
              showIcon
              className="modal-alert"
              title={t('products.import.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}
            />
          )}
          <div className="table-toolbar">
            <Typography.Text strong>{t('products.import.rows', { count: report.rows.length })}</Typography.Text>
            <Checkbox checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)}>
              {t('products.import.failedOnly')}
            </Checkbox>
          </div>
          <Table<ImportRow>
            size="small"
            rowKey="row"
            columns={columns}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ y: 320 }}
          />
        </div>
      )}
    </Modal>
  );
}
