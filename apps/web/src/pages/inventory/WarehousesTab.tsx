import { PlusOutlined } from '@ant-design/icons';
import type { WarehouseView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inventoryApi, inventoryKeys } from '../../api/inventory';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';

interface WarehouseValues {
  code: string;
  name: string;
  address: string;
  priority: number;
}

/** `null`: closed; `'new'`: creating; a warehouse: editing it. */
type Editing = WarehouseView | 'new' | null;

export function WarehousesTab() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const canWrite = can('inventory:write');
  const [editing, setEditing] = useState<Editing>(null);

  const warehouses = useQuery({ queryKey: inventoryKeys.warehouses, queryFn: inventoryApi.warehouses });
  // Orders take stock from the warehouse with the lowest priority number first.
  const first = warehouses.data?.items.reduce<WarehouseView | null>(
    (best, w) => (best === null || w.priority < best.priority ? w : best),
    null,
  );

  const columns: TableColumnsType<WarehouseView> = [
    {
      title: t('warehouses.columns.code'),
      dataIndex: 'code',
      width: 120,
      render: (code: string) => <Typography.Text className="mono" strong>{code}</Typography.Text>,
    },
    {
      title: t('warehouses.columns.name'),
      key: 'name',
      render: (_value, warehouse) => (
        <span>
          {warehouse.name}
          {first?.id === warehouse.id && (
            <Tag color="blue" className="inline-tag">
              {t('warehouses.firstChoice')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('warehouses.columns.address'),
      dataIndex: 'address',
      render: (address: string) => address || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('warehouses.columns.priority'),
      dataIndex: 'priority',
      width: 100,
      align: 'right',
      render: (priority: number) => <span className="tabular">{priority}</span>,
    },
    {
      title: t('warehouses.columns.created'),
      dataIndex: 'createdAt',
      width: 150,
      render: (createdAt: number) => time.format(createdAt, 'YYYY-MM-DD HH:mm'),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_value: unknown, warehouse: WarehouseView) => (
              <Button type="link" size="small" onClick={() => setEditing(warehouse)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="table-toolbar">
        <Typography.Text type="secondary">{t('warehouses.hint')}</Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="warehouse-new">
            {t('warehouses.create')}
          </Button>
        )}
      </div>
      <Table<WarehouseView>
        data-testid="warehouses-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={[...(warehouses.data?.items ?? [])].sort((a, b) => a.priority - b.priority)}
        loading={warehouses.isPending}
        pagination={false}
        locale={{
          emptyText: (
            <EmptyState description={warehouses.isError ? describeError(warehouses.error) : t('warehouses.empty')} />
          ),
        }}
      />
      <WarehouseModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function WarehouseModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WarehouseValues>();
  const creating = editing === 'new';

  useEffect(() => {
    if (editing === 'new') form.setFieldsValue({ code: '', name: '', address: '', priority: 10 });
    else if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const save = useMutation({
    mutationFn: (values: WarehouseValues) => {
      const body = { name: values.name.trim(), address: values.address.trim(), priority: values.priority };
      return editing === 'new' || editing === null
        ? inventoryApi.createWarehouse({ ...body, code: values.code.trim() })
        : inventoryApi.updateWarehouse(editing.id, body);
    },
    onSuccess: (warehouse) => {
      message.success(t(creating ? 'warehouses.created' : 'warehouses.saved', { name: warehouse.name }));
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      onClose();
    },
    onError: (error) => message.error(describeError(error, { conflict: t('warehouses.codeTaken') })),
  });

  return (
    <Modal
      title={t(creating ? 'warehouses.createTitle' : 'warehouses.editTitle')}
      open={editing !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={creating ? t('common.create') : t('common.save')}
      confirmLoading={save.isPending}
      forceRender
    >
      <Form<WarehouseValues> name="warehouse" form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="code"
          label={t('warehouses.form.code')}
          extra={creating ? t('warehouses.form.codeHint') : t('warehouses.form.codeFixed')}
          rules={[
            { required: true, message: t('warehouses.form.codeRequired') },
            { pattern: /^[A-Za-z0-9_-]{1,20}$/, message: t('warehouses.form.codeInvalid') },
          ]}
        >
          <Input maxLength={20} disabled={!creating} className="mono" placeholder="SH-01" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('warehouses.form.name')}
          rules={[{ required: true, whitespace: true, message: t('warehouses.form.nameRequired') }]}
        >
          <Input maxLength={60} placeholder={t('warehouses.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={t('warehouses.form.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="priority"
          label={t('warehouses.form.priority')}
          extra={t('warehouses.form.priorityHint')}
          rules={[{ required: true, message: t('warehouses.form.priorityRequired') }]}
        >
          <InputNumber min={0} max={1000} precision={0} className="full-width" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
