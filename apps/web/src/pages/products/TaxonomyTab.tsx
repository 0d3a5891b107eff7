import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { BrandView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Table, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, catalogKeys } from '../../api/catalog';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { settled, useErrorMessage } from '../../lib/errors';
import { categoryTree, type CategoryNode } from './taxonomy';

/** Categories (a tree) and brands, which products and the product filters refer to. */
export function TaxonomyTab() {
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <CategoriesCard />
      </Col>
      <Col xs={24} lg={10}>
        <BrandsCard />
      </Col>
    </Row>
  );
}

interface CategoryValues {
  name: string;
  parentId?: string | null;
  sort: number;
}

type CategoryEditing = { mode: 'new'; parentId?: string } | { mode: 'edit'; node: CategoryNode } | null;

function CategoriesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const canWrite = can('catalog:write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<CategoryEditing>(null);
  // Every branch starts open, new ones included; only what the user folds stays folded.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());

  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: catalogApi.categories });
  const tree = categoryTree(categories.data?.items ?? []);
  const parents = (categories.data?.items ?? []).flatMap((c) => (c.parentId ? [c.parentId] : []));
  const expanded = [...new Set(parents)].filter((id) => !folded.has(id));

  const remove = useMutation({
    mutationFn: (node: CategoryNode) => catalogApi.deleteCategory(node.category.id),
    onSuccess: (_nothing, node) => {
      message.success(t('taxonomy.categoryDeleted', { name: node.title }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.categories });
    },
    onError: (error) => message.error(describeError(error, { conflict: t('taxonomy.categoryInUse') })),
  });

  const columns: TableColumnsType<CategoryNode> = [
    { title: t('taxonomy.columns.name'), dataIndex: 'title' },
    {
      title: t('taxonomy.columns.sort'),
      key: 'sort',
      width: 80,
      align: 'right',
      render: (_value, node) => <span className="tabular">{node.category.sort}</span>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_value: unknown, node: CategoryNode) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'new', parentId: node.category.id })}>
                  {t('taxonomy.addChild')}
                </Button>
                <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ mode: 'edit', node })} />
                <Popconfirm
                  title={t('taxonomy.confirmDeleteCategory', { name: node.title })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => settled(remove.mutateAsync(node))}
                >
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('taxonomy.categories')}
      className="detail-card"
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'new' })} data-testid="category-new">
            {t('taxonomy.addCategory')}
          </Button>
        )
      }
    >
      <Table<CategoryNode>
        data-testid="categories-table"
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={tree}
        pagination={false}
        loading={categories.isPending}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, node) =>
            setFolded((current) => {
              const next = new Set(current);
              if (open) next.delete(node.key);
              else next.add(node.key);
              return next;
            }),
        }}
        locale={{
          emptyText: <EmptyState description={categories.isError ? describeError(categories.error) : t('taxonomy.noCategories')} />,
        }}
      />
      <CategoryModal editing={editing} tree={tree} onClose={() => setEditing(null)} />
    </Card>
  );
}

function CategoryModal({ editing, tree, onClose }: { editing: CategoryEditing; tree: CategoryNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CategoryValues>();

  useEffect(() => {
    if (editing?.mode === 'new') form.setFieldsValue({ name: '', parentId: editing.parentId ?? null, sort: 0 });
    if (editing?.mode === 'edit') {
      const { category } = editing.node;
      form.setFieldsValue({ name: category.name, parentId: category.parentId, sort: category.sort });
    }
  }, [editing, form]);

  const save = useMutation({
    mutationFn: (values: CategoryValues) => {
      const name = values.name.trim();
      if (editing?.mode === 'edit') {
        return catalogApi.updateCategory(editing.node.category.id, { name, parentId: values.parentId ?? null, sort: values.sort });
      }
      return catalogApi.createCategory({ name, sort: values.sort, ...(values.parentId ? { parentId: values.parentId } : {}) });
    },
    onSuccess: (category) => {
      message.success(t('taxonomy.categorySaved', { name: category.name }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.categories });
      onClose();
    },
    onError: (error) =>
      message.error(describeError(error, { conflict: t('taxonomy.categoryNameTaken'), validation: t('taxonomy.categoryInvalidParent') })),
  });

  return (
    <Modal
      title={t(editing?.mode === 'edit' ? 'taxonomy.editCategory' : 'taxonomy.addCategory')}
      open={editing !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form<CategoryValues> name="category" form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label={t('taxonomy.categoryName')} rules={[{ required: true, whitespace: true, message: t('taxonomy.nameRequired') }]}>
          <Input maxLength={50} placeholder={t('taxonomy.categoryPlaceholder')} />
        </Form.Item>
        <Form.Item name="parentId" label={t('taxonomy.parent')}>
          <TreeSelect allowClear treeData={tree} treeDefaultExpandAll placeholder={t('taxonomy.topLevel')} />
        </Form.Item>
        <Form.Item name="sort" label={t('taxonomy.sort')} extra={t('taxonomy.sortHint')}>
          <InputNumber precision={0} min={-1_000_000} max={1_000_000} className="full-width" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BrandsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const canWrite = can('catalog:write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<BrandView | 'new' | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const brands = useQuery({ queryKey: catalogKeys.brands, queryFn: catalogApi.brands });

  useEffect(() => {
    if (editing === 'new') form.setFieldsValue({ name: '' });
    else if (editing) form.setFieldsValue({ name: editing.name });
  }, [editing, form]);

  const save = useMutation({
    mutationFn: (name: string) => (editing && editing !== 'new' ? catalogApi.updateBrand(editing.id, name) : catalogApi.createBrand(name)),
    onSuccess: (brand) => {
      message.success(t('taxonomy.brandSaved', { name: brand.name }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.brands });
      setEditing(null);
    },
    onError: (error) => message.error(describeError(error, { conflict: t('taxonomy.brandNameTaken') })),
  });
  const remove = useMutation({
    mutationFn: (brand: BrandView) => catalogApi.deleteBrand(brand.id),
    onSuccess: (_nothing, brand) => {
      message.success(t('taxonomy.brandDeleted', { name: brand.name }));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.brands });
    },
    onError: (error) => message.error(describeError(error, { conflict: t('taxonomy.brandInUse') })),
  });

  const columns: TableColumnsType<BrandView> = [
    { title: t('taxonomy.columns.brand'), dataIndex: 'name' },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_value: unknown, brand: BrandView) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(brand)} />
                <Popconfirm
                  title={t('taxonomy.confirmDeleteBrand', { name: brand.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => settled(remove.mutateAsync(brand))}
                >
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('taxonomy.brands')}
      className="detail-card"
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="brand-new">
            {t('taxonomy.addBrand')}
          </Button>
        )
      }
    >
      <Table<BrandView>
        data-testid="brands-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={brands.data?.items ?? []}
        pagination={false}
        loading={brands.isPending}
        locale={{ emptyText: <EmptyState description={brands.isError ? describeError(brands.error) : t('taxonomy.noBrands')} /> }}
      />
      <Modal
        title={t(editing === 'new' ? 'taxonomy.addBrand' : 'taxonomy.editBrand')}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form name="brand" form={form} layout="vertical" onFinish={({ name }) => save.mutate(name.trim())}>
          <Form.Item name="name" label={t('taxonomy.brandName')} rules={[{ required: true, whitespace: true, message: t('taxonomy.nameRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">{t('taxonomy.brandHint')}</Typography.Text>
      </Modal>
    </Card>
  );
}
