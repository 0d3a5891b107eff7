import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Spin, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fulfillmentApi, type PrintDoc } from '../../api/fulfillment';
import { useErrorMessage } from '../../lib/errors';

export interface PrintTarget {
  waveId: string;
  doc: PrintDoc;
}

/**
 * The server's A4 print page, previewed in a sandboxed frame (no scripts may run in it) and printed
 * from there. Fetched with the session's token, so no credential ends up in a URL; each fetch is one
 * `wave.print` audit entry.
 */
export function PrintPreviewModal({ target, onClose }: { target: PrintTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const frame = useRef<HTMLIFrameElement>(null);

  const page = useQuery({
    queryKey: ['fulfillment', 'print', target?.waveId, target?.doc],
    queryFn: async () => (await fulfillmentApi.printWave(target?.waveId ?? '', target?.doc ?? 'picklist')).blob.text(),
    enabled: target !== null,
    staleTime: 0,
    gcTime: 0,
  });

  return (
    <Modal
      title={target?.doc === 'slips' ? t('waves.print.slipsTitle') : t('waves.print.picklistTitle')}
      open={target !== null}
      onCancel={onClose}
      width={900}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!page.data}
            onClick={() => frame.current?.contentWindow?.print()}
            data-testid="wave-print-submit"
          >
            {t('waves.print.print')}
          </Button>
        </Space>
      }
    >
      {target?.doc === 'slips' && (
        <Typography.Paragraph type="secondary" className="print-note">
          {t('waves.print.slipsNote')}
        </Typography.Paragraph>
      )}
      {page.isPending && <Spin className="drawer-spin" />}
      {page.isError && <Alert type="error" showIcon title={describeError(page.error)} />}
      {page.data && (
        <iframe
          ref={frame}
          title={t('waves.print.frameTitle')}
          className="print-frame"
          srcDoc={page.data}
          sandbox="allow-same-origin allow-modals"
          data-testid="wave-print-frame"
        />
      )}
    </Modal>
  );
}
