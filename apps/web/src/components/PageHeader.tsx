import { Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  subtitle?: string;
  extra?: ReactNode;
}

/** The title row every console page starts with; it also names the browser tab. */
export function PageHeader({ title, subtitle, extra }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · LiveDesk`;
  }, [title]);

  return (
    <div className="page-header">
      <div>
        <Typography.Title level={4} className="page-title">
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <div className="page-header-extra">{extra}</div>}
    </div>
  );
}
