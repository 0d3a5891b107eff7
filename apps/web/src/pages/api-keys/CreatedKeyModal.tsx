import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiKey } from '../../api/endpoints';
import { copyToClipboard } from '../../lib/clipboard';

/** The only moment the full key is ever visible; closing needs a deliberate click. */
export function CreatedKeyModal({ createdKey, onClose }: { createdKey: CreatedApiKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (!createdKey) return;
    if (await copyToClipboard(createdKey.key)) {
      setCopied(true);
      message.success(t('apiKeys.copied'));
    } else {
      message.error(t('apiKeys.copyFailed'));
    }
  };

  return (
    <Modal
      title={t('apiKeys.createdTitle')}
      open={createdKey !== null}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      width={600}
      afterClose={() => setCopied(false)}
      footer={[
        <Button key="copy" icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()} data-testid="copy-api-key">
          {copied ? t('apiKeys.copiedShort') : t('apiKeys.copyKey')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          {t('apiKeys.done')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t('apiKeys.createdWarning')} className="modal-alert" />
      {createdKey && (
        <>
          <Typography.Text type="secondary">{createdKey.name}</Typography.Text>
          <div className="secret-key mono" data-testid="created-api-key">
            {createdKey.key}
          </div>
        </>
      )}
    </Modal>
  );
}
