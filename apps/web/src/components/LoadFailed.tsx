import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useErrorMessage } from '../lib/errors';

/** A detail page whose record could not be loaded: why, and the way back to its list. */
export function LoadFailed({ title, error, backTo, backLabel }: { title: string; error: unknown; backTo: string; backLabel: string }) {
  const describeError = useErrorMessage();
  return (
    <Result
      status="warning"
      title={title}
      subTitle={describeError(error)}
      extra={
        <Link to={backTo}>
          <Button type="primary">{backLabel}</Button>
        </Link>
      }
    />
  );
}
