import { PushpinFilled, PushpinOutlined, ShoppingOutlined } from '@ant-design/icons';
import { MAX_PINNED_PRODUCTS, type LiveSessionView, type ServerFrame } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Avatar, Button, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveApi } from '../../../api/live';
import { EmptyState } from '../../../components/EmptyState';
import { useErrorMessage } from '../../../lib/errors';
import { formatFen } from '../../../lib/money';

interface LineupPinsProps {
  session: LiveSessionView;
  pinned: readonly string[];
  onPinned: (frame: ServerFrame) => void;
  disabled: boolean;
}

/** The lineup in 小黄车 order, each product pinned (讲解中) or unpinned with one click; at most three at once. */
export function LineupPins({ session, pinned, onPinned, disabled }: LineupPinsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const toggle = useMutation({
    mutationFn: ({ productId, pin }: { productId: string; pin: boolean }) =>
      pin ? liveApi.pin(session.id, productId) : liveApi.unpin(session.id, productId),
    onSuccess: (result) => onPinned({ t: 'pin', productIds: result.pinnedProductIds }),
    onError: (error) => message.error(describeError(error, { conflict: t('live.pins.tooMany', { max: MAX_PINNED_PRODUCTS }) })),
  });
  const full = pinned.length >= MAX_PINNED_PRODUCTS;

  if (session.products.length === 0) return <EmptyState description={t('live.pins.empty')} />;
  return (
    <div className="console-scroll">
      <Typography.Text type="secondary" className="cell-sub console-pin-count">
        {t('live.pins.count', { count: pinned.length, max: MAX_PINNED_PRODUCTS })}
      </Typography.Text>
      {[...session.products]
        .sort((a, b) => a.position - b.position)
        .map((product) => {
          const isPinned = pinned.includes(product.productId);
          const stock = product.skus.reduce((sum, sku) => sum + sku.available, 0);
          const busy = toggle.isPending && toggle.variables.productId === product.productId;
          return (
            <div key={product.productId} className={`console-product${isPinned ? ' is-pinned' : ''}`} data-pinned={isPinned ? 'true' : 'false'}>
              <span className="lineup-position tabular">{product.position}</span>
              <span className="console-thumb">
                <Avatar shape="square" size={44} src={product.imageUrl ?? undefined} icon={<ShoppingOutlined />} className="live-cover" />
                {isPinned && <span className="console-thumb-badge">{t('live.lineup.explaining')}</span>}
              </span>
              <div className="cell-stack console-product-text">
                <Typography.Text ellipsis={{ tooltip: product.title }} strong={isPinned}>
                  {product.title}
                </Typography.Text>
                <span className="console-product-sub">
                  <span className="money-strong tabular">{formatFen(product.fromPriceFen)}</span>
                  <Typography.Text type="secondary" className="cell-sub">
                    {t('live.pins.stock', { count: stock })}
                  </Typography.Text>
                </span>
              </div>
              <Tooltip title={!isPinned && full ? t('live.pins.tooMany', { max: MAX_PINNED_PRODUCTS }) : undefined}>
                <Button
                  size="small"
                  type={isPinned ? 'default' : 'primary'}
                  ghost={!isPinned}
                  icon={isPinned ? <PushpinFilled /> : <PushpinOutlined />}
                  disabled={disabled || (!isPinned && full)}
                  loading={busy}
                  onClick={() => toggle.mutate({ productId: product.productId, pin: !isPinned })}
                  data-testid="console-pin"
                  data-product-id={product.productId}
                >
                  {isPinned ? t('live.pins.unpin') : t('live.pins.pin')}
                </Button>
              </Tooltip>
            </div>
          );
        })}
    </div>
  );
}
