/** @jsxImportSource preact */
import { viewerApi } from '../api';
import { useI18n } from '../i18n/i18n';
import { asBuyer } from '../identity';
import { Sheet } from '../ui/Sheet';
import { AddressCheckout } from './AddressCheckout';

/** A lottery winner's prize: the address it ships to; claiming makes a zero-price order, paid at once. */
export function ClaimSheet({ lotteryId, prize, onOrder, onClose }: { lotteryId: string; prize: string; onOrder: (orderId: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Sheet title={t('claim.title')} onClose={onClose} testId="claim-sheet" tall>
      <AddressCheckout
        totalFen={0}
        place={(address) => asBuyer((token) => viewerApi.claimLottery(token, lotteryId, { address }))}
        onPlaced={(order) => onOrder(order.id)}
      >
        <div class="hold">{t('claim.prize', { prize })}</div>
      </AddressCheckout>
    </Sheet>
  );
}
