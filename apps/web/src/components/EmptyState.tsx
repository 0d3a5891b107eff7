import { Empty } from 'antd';

/** antd's Empty with the console's own (translated) wording and compact image. */
export function EmptyState({ description }: { description: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />;
}
