/** @jsxImportSource preact */
import type { Address, OrderView } from '@livedesk/contracts';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatFen } from '../../lib/money';
import { useI18n } from '../i18n/i18n';
import { validateAddress, type AddressField, type AddressProblem } from './address';
import { AddressForm } from './AddressForm';
import { savedAddress, saveAddress } from './storage';
import { useSubmit } from './useSubmit';

interface Props {
  /** what is being bought, above the address */
  children: ComponentChildren;
  totalFen: number;
  /** an address to start from when the device has none saved */
  suggested?: Address | null;
  /** false while the thing can no longer be ordered (a claim that ran out) */
  open?: boolean;
  note?: ComponentChildren;
  /** sends the order with the checked address and this attempt's Idempotency-Key */
  place: (address: Address, idempotencyKey: string) => Promise<OrderView>;
  onPlaced: (order: OrderView) => void;
}

/** The part every way of ordering shares: the address form, its checks, the submit button and the failure. */
export function AddressCheckout({ children, totalFen, suggested, open = true, note, place, onPlaced }: Props) {
  const { t } = useI18n();
  const [address, setAddress] = useState(() => {
    const saved = savedAddress();
    return saved.name === '' && suggested ? suggested : saved;
  });
  const [problems, setProblems] = useState<Partial<Record<AddressField, AddressProblem>>>({});
  const { busy, failure, submit } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const checked = validateAddress(address);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    const order = await submit((key) => place(checked.address, key));
    if (!order) return;
    saveAddress(checked.address);
    onPlaced(order);
  };

  return (
    <form class="checkout" onSubmit={onSubmit} noValidate>
      {children}
      <AddressForm value={address} problems={problems} onChange={setAddress} />
      {failure && (
        <p class="form-error" role="alert" data-testid="checkout-error">
          {failure}
        </p>
      )}
      <div class="sheet__actions sheet__actions--total">
        <div class="total">
          {t('cart.total')} <span class="price price--big">{formatFen(totalFen)}</span>
          {note}
        </div>
        <button type="submit" class="button button--buy" data-testid="checkout-submit" disabled={busy || !open}>
          {busy ? t('checkout.placing') : t('checkout.submit')}
        </button>
      </div>
    </form>
  );
}
