import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_PRODUCT, type ImageView } from '@livedesk/contracts';
import { App, Button, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** An image already on the product, or one picked here that is uploaded when the product is saved. */
export type ImageItem =
  | { kind: 'stored'; key: string; url: string }
  | { kind: 'pending'; key: string; file: File; url: string };

const acceptedTypes = ['image/jpeg', 'image/png', 'image/webp'];

export const storedImages = (images: ImageView[]): ImageItem[] =>
  images.map((image) => ({ kind: 'stored', key: image.key, url: image.url }));

let pendingSeq = 0;

/** The product's pictures: the first is the cover; add, reorder and remove, all applied on save. */
export function ImagesEditor({
  items,
  onChange,
  disabled,
}: {
  items: ImageItem[];
  onChange: (items: ImageItem[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // Object URLs of picked files are freed when they are removed or the editor goes away.
  const itemsRef = useRef(items);
  useEffect(() => {
    itemsRef.current = items;
  }, [items]);
  useEffect(
    () => () => {
      for (const item of itemsRef.current) if (item.kind === 'pending') URL.revokeObjectURL(item.url);
    },
    [],
  );

  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    onChange(next);
  };
  const remove = (index: number) => {
    const item = items[index];
    if (item?.kind === 'pending') URL.revokeObjectURL(item.url);
    onChange(items.filter((_item, i) => i !== index));
  };

  // Picking several files calls beforeUpload once per file; they are gathered into one change.
  const picked = useRef<File[]>([]);
  const flush = () => {
    const files = picked.current;
    picked.current = [];
    if (files.length === 0) return;
    const room = MAX_IMAGES_PER_PRODUCT - itemsRef.current.length;
    if (files.length > room) message.warning(t('products.images.tooMany', { max: MAX_IMAGES_PER_PRODUCT }));
    const added: ImageItem[] = files.slice(0, Math.max(0, room)).map((file) => ({
      kind: 'pending',
      key: `pending-${++pendingSeq}`,
      file,
      url: URL.createObjectURL(file),
    }));
    // Kept current at once: another flush may run before the parent re-renders.
    const next = [...itemsRef.current, ...added];
    itemsRef.current = next;
    onChange(next);
  };

  return (
    <div className="image-grid" data-testid="product-images">
      {items.map((item, index) => (
        <div key={item.key} className="image-tile">
          <img src={item.url} alt="" />
          {index === 0 && <span className="image-badge">{t('products.images.cover')}</span>}
          {item.kind === 'pending' && <span className="image-badge image-badge-pending">{t('products.images.pending')}</span>}
          {!disabled && (
            <div className="image-actions">
              <Tooltip title={t('products.images.left')}>
                <Button size="small" type="text" icon={<ArrowLeftOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('products.images.left')} />
              </Tooltip>
              <Tooltip title={t('products.images.remove')}>
                <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(index)} aria-label={t('products.images.remove')} />
              </Tooltip>
              <Tooltip title={t('products.images.right')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowRightOutlined />}
                  disabled={index === items.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={t('products.images.right')}
                />
              </Tooltip>
            </div>
          )}
        </div>
      ))}
      {!disabled && items.length < MAX_IMAGES_PER_PRODUCT && (
        <Upload
          accept={acceptedTypes.join(',')}
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            if (!acceptedTypes.includes(file.type)) {
              message.error(t('products.images.wrongType', { name: file.name }));
              return Upload.LIST_IGNORE;
            }
            if (file.size > MAX_IMAGE_BYTES) {
              message.error(t('products.images.tooLarge', { name: file.name }));
              return Upload.LIST_IGNORE;
            }
            picked.current.push(file);
            queueMicrotask(flush);
            return false;
          }}
        >
          <button type="button" className="image-tile image-add" data-testid="product-image-add">
            <PlusOutlined />
            <span>{t('products.images.add')}</span>
          </button>
        </Upload>
      )}
      {items.length === 0 && disabled && <Typography.Text type="secondary">{t('products.images.none')}</Typography.Text>}
    </div>
  );
}
