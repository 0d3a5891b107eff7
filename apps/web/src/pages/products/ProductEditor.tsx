import type { ProductView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { catalogApi, catalogKeys } from '../../api/catalog';
import { inventoryKeys } from '../../api/inventory';
import { useCan } from '../../auth/me';
import { ProductStatusTag } from '../../components/commerce/StatusTags';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { ImagesEditor, storedImages, type ImageItem } from './ImagesEditor';
import {
  blankSku,
  draftsFromSkus,
  rebuildMatrix,
  skuProblems,
  toCreateSkus,
  toUpsertSkus,
  usableAttributes,
  type SkuDraft,
  type SpecDraft,
} from './skuMatrix';
import { BatchFill, MatrixNotice, SkuMatrix, SpecEditor } from './SpecMatrixEditor';
import { categoryTree } from './taxonomy';

export type EditorTarget = { mode: 'new' } | { mode: 'edit'; id: string };

/** The product was created but a picture failed to upload: saving again must not create it twice. */
class CreatedWithoutImages extends Error {
  constructor(readonly title: string) {
    super('product created, images not all uploaded');
  }
}

/** The product editor, in a drawer: basics, pictures, the spec matrix with its SKUs, listing. */
export function ProductEditor({ target, onClose }: { target: EditorTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const editingId = target?.mode === 'edit' ? target.id : null;
  const product = useQuery({
    queryKey: catalogKeys.product(editingId ?? ''),
    queryFn: () => catalogApi.get(editingId ?? ''),
    enabled: editingId !== null,
    staleTime: 0,
  });

  let body;
  if (target === null) body = null;
  else if (target.mode === 'new') body = <ProductForm key="new" product={null} onDone={onClose} />;
  else if (product.isPending) body = <Spin className="drawer-spin" />;
  else if (product.isError) body = <Result status="warning" title={t('products.editor.loadFailed')} subTitle={describeError(product.error)} />;
  // A fresh form per product (and per reload of it): its state starts from what the server has.
  else body = <ProductForm key={`${product.data.id}:${product.dataUpdatedAt}`} product={product.data} onDone={onClose} />;

  return (
    <Drawer
      title={target?.mode === 'edit' ? t('products.editor.editTitle') : t('products.editor.newTitle')}
      open={target !== null}
      onClose={onClose}
      size={1180}
      destroyOnHidden
      className="product-drawer"
      mask={{ closable: false }}
    >
      {body}
    </Drawer>
  );
}

interface BasicsValues {
  title: string;
  description?: string;
  categoryId?: string | null;
  brandId?: string | null;
  listing: 'listed' | 'draft' | 'scheduled';
  listAt?: Dayjs | null;
  delistAt?: Dayjs | null;
}

function ProductForm({ product, onDone }: { product: ProductView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const readOnly = !can('catalog:write');
  const [form] = Form.useForm<BasicsValues>();
  const listing = Form.useWatch('listing', form);

  const [specs, setSpecs] = useState<SpecDraft[]>(() =>
    product ? product.specAttributes.map((a) => ({ name: a.name, values: [...a.values] })) : [],
  );
  const attributes = useMemo(() => usableAttributes(specs), [specs]);
  const [rows, setRows] = useState<SkuDraft[]>(() =>
    product ? draftsFromSkus(product.specAttributes, product.skus) : [blankSku({})],
  );
  const [images, setImages] = useState<ImageItem[]>(() => (product ? storedImages(product.images) : []));
  const [showProblems, setShowProblems] = useState(false);
  // What the server has, to send the SKU matrix only when it changed.
  const [savedMatrix] = useState(() => (product ? JSON.stringify([product.specAttributes, toUpsertSkus(draftsFromSkus(product.specAttributes, product.skus))]) : ''));

  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: catalogApi.categories });
  const brands = useQuery({ queryKey: catalogKeys.brands, queryFn: catalogApi.brands });

  const problems = useMemo(() => skuProblems(rows), [rows]);
  const changeSpecs = (next: SpecDraft[]) => {
    setSpecs(next);
    setRows((current) => rebuildMatrix(usableAttributes(next), current));
  };

  /** Uploads picked pictures in order; returns every key in the order shown. Stops at the first failure. */
  const uploadPending = async (productId: string): Promise<string[]> => {
    let current = images;
    for (const item of images) {
      if (item.kind !== 'pending') continue;
      const uploaded = await catalogApi.uploadImage(productId, item.file, item.file.name);
      URL.revokeObjectURL(item.url);
      // Marked stored at once, so a retry after a later failure does not upload it twice.
      current = current.map((i) => (i.key === item.key ? { kind: 'stored', key: uploaded.image.key, url: uploaded.image.url } : i));
      setImages(current);
    }
    return current.map((i) => i.key);
  };

  const save = useMutation({
    mutationFn: async (values: BasicsValues) => {
      const basics = {
        title: values.title.trim(),
        description: values.description ?? '',
      };
      if (product === null) {
        const listAt = values.listing === 'scheduled' && values.listAt ? time.fromPicker(values.listAt) : undefined;
        const created = await catalogApi.create({
          ...basics,
          ...(values.categoryId ? { categoryId: values.categoryId } : {}),
          ...(values.brandId ? { brandId: values.brandId } : {}),
          ...(attributes.length ? { specAttributes: attributes } : {}),
          status: values.listing === 'listed' ? 'listed' : 'draft',
          ...(listAt !== undefined ? { listAt } : {}),
          ...(values.delistAt ? { delistAt: time.fromPicker(values.delistAt) } : {}),
          skus: toCreateSkus(rows),
        });
        try {
          await uploadPending(created.id);
        } catch {
          throw new CreatedWithoutImages(created.title);
        }
        return created;
      }
      const keys = await uploadPending(product.id);
      let saved = await catalogApi.update(product.id, {
        ...basics,
        categoryId: values.categoryId ?? null,
        brandId: values.brandId ?? null,
        images: keys,
        listAt: values.listAt ? time.fromPicker(values.listAt) : null,
        delistAt: values.delistAt ? time.fromPicker(values.delistAt) : null,
      });
      const upserts = toUpsertSkus(rows);
      if (JSON.stringify([attributes, upserts]) !== savedMatrix) {
        saved = await catalogApi.replaceSkus(product.id, { specAttributes: attributes, skus: upserts });
      }
      return saved;
    },
    onSuccess: (saved) => {
      message.success(t(product ? 'products.editor.saved' : 'products.editor.created', { title: saved.title }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      onDone();
    },
    onError: (error) => {
      if (error instanceof CreatedWithoutImages) {
        message.warning(t('products.editor.createdWithoutImages', { title: error.title }));
        void queryClient.invalidateQueries({ queryKey: catalogKeys.all });
        onDone();
        return;
      }
      const skuCodes = error instanceof ApiError ? error.details?.skuCodes : undefined;
      if (error instanceof ApiError && error.code === 'conflict' && Array.isArray(skuCodes)) {
        message.error(t('products.editor.codesTaken', { codes: skuCodes.join(', ') }));
        return;
      }
      message.error(describeError(error, { conflict: t('products.editor.conflict'), validation: t('products.editor.invalid') }));
    },
  });

  const submit = (values: BasicsValues) => {
    setShowProblems(true);
    if (rows.length === 0) {
      message.error(t('products.editor.noSkus'));
      return;
    }
    if (problems.size > 0) {
      message.error(t('products.editor.fixSkus', { count: problems.size }));
      return;
    }
    save.mutate(values);
  };

  const initialValues: BasicsValues = product
    ? {
        title: product.title,
        description: product.description,
        categoryId: product.categoryId,
        brandId: product.brandId,
        listing: 'listed',
        listAt: product.listAt === null ? null : time.toPicker(product.listAt),
        delistAt: product.delistAt === null ? null : time.toPicker(product.delistAt),
      }
    : { title: '', description: '', categoryId: null, brandId: null, listing: 'listed', listAt: null, delistAt: null };

  const futureOnly = (day: Dayjs) => day.isBefore(dayjs(), 'day');

  return (
    <Form<BasicsValues>
      name="product"
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      onFinishFailed={() => setShowProblems(true)}
      disabled={readOnly || save.isPending}
      className="product-form"
    >
      <section className="editor-section">
        <Typography.Title level={5} className="editor-section-title">
          {t('products.editor.basics')}
          {product && <ProductStatusTag status={product.status} />}
        </Typography.Title>
        <div className="editor-grid">
          <Form.Item
            name="title"
            label={t('products.editor.title')}
            rules={[{ required: true, whitespace: true, message: t('products.editor.titleRequired') }]}
            className="editor-span-2"
          >
            <Input maxLength={200} showCount placeholder={t('products.editor.titlePlaceholder')} data-testid="product-title" />
          </Form.Item>
          <Form.Item name="categoryId" label={t('products.editor.category')}>
            <TreeSelect
              allowClear
              treeData={categoryTree(categories.data?.items ?? [])}
              treeDefaultExpandAll
              placeholder={t('products.editor.noCategory')}
              data-testid="product-category"
            />
          </Form.Item>
          <Form.Item name="brandId" label={t('products.editor.brand')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(brands.data?.items ?? []).map((brand) => ({ value: brand.id, label: brand.name }))}
              placeholder={t('products.editor.noBrand')}
              data-testid="product-brand"
            />
          </Form.Item>
          <Form.Item name="description" label={t('products.editor.description')} className="editor-span-2">
            <Input.TextArea rows={3} maxLength={20_000} placeholder={t('products.editor.descriptionPlaceholder')} />
          </Form.Item>
        </div>
      </section>

      <section className="editor-section">
        <Typography.Title level={5} className="editor-section-title">
          {t('products.editor.images')}
          <Typography.Text type="secondary" className="editor-section-hint">
            {t('products.images.hint')}
          </Typography.Text>
        </Typography.Title>
        <ImagesEditor items={images} onChange={setImages} disabled={readOnly || save.isPending} />
      </section>

      <section className="editor-section">
        <Typography.Title level={5} className="editor-section-title">
          {t('products.editor.specs')}
          <Typography.Text type="secondary" className="editor-section-hint">
            {t('products.spec.hint')}
          </Typography.Text>
        </Typography.Title>
        <SpecEditor specs={specs} onChange={changeSpecs} disabled={readOnly || save.isPending} />
        <div className="matrix-head">
          <Typography.Text strong>{t('products.sku.title', { count: rows.length })}</Typography.Text>
          {!readOnly && <BatchFill rows={rows} onChange={setRows} disabled={save.isPending} />}
        </div>
        <MatrixNotice count={rows.length} />
        {product && rows.some((row) => row.outside) && (
          <Alert type="info" showIcon className="modal-alert" title={t('products.sku.outsideNotice')} />
        )}
        <SkuMatrix
          attributes={attributes}
          rows={rows}
          onChange={setRows}
          problems={problems}
          showProblems={showProblems}
          disabled={readOnly || save.isPending}
        />
      </section>

      <section className="editor-section">
        <Typography.Title level={5} className="editor-section-title">
          {t('products.editor.listing')}
        </Typography.Title>
        <div className="editor-grid">
          {product === null && (
            <Form.Item name="listing" label={t('products.editor.listingMode')} className="editor-span-2">
              <Radio.Group
                options={[
                  { value: 'listed', label: t('products.editor.listNow') },
                  { value: 'draft', label: t('products.editor.saveDraft') },
                  { value: 'scheduled', label: t('products.editor.schedule') },
                ]}
              />
            </Form.Item>
          )}
          {(product !== null || listing === 'scheduled') && (
            <Form.Item
              name="listAt"
              label={t('products.editor.listAt', { timezone: time.timezone })}
              rules={product === null ? [{ required: true, message: t('products.editor.listAtRequired') }] : []}
              extra={product ? t('products.editor.listAtHint') : undefined}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="full-width" disabledDate={futureOnly} />
            </Form.Item>
          )}
          <Form.Item
            name="delistAt"
            label={t('products.editor.delistAt', { timezone: time.timezone })}
            extra={t('products.editor.delistAtHint')}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="full-width" disabledDate={futureOnly} />
          </Form.Item>
        </div>
      </section>

      <div className="editor-footer">
        {readOnly ? (
          <Typography.Text type="secondary">{t('products.editor.readOnly')}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('products.editor.footerHint')}</Typography.Text>
        )}
        <Space>
          <Button onClick={onDone} disabled={false}>
            {readOnly ? t('common.close') : t('common.cancel')}
          </Button>
          {!readOnly && (
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="product-save">
              {t('common.save')}
            </Button>
          )}
        </Space>
      </div>
    </Form>
  );
}
