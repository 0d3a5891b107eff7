import type { Address, CartHoldView, LotteryVerificationView, OrderDetailView, OrderView, PayOrderResult, PublicLiveSessionView } from '@livedesk/contracts';

/** contracts `CreatedBuyer` (a schema without an exported type) */
export interface CreatedBuyer {
  buyerId: string;
  token: string;
  expiresAt: number;
}

/** `network`: no usable answer (offline, a proxy's error page). Other codes are the server's. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Call {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  /** the device's anonymous id, which the risk rules read on orders */
  deviceId?: string;
}

/** A buyer's write: who, the retry key of this attempt, and the device. */
export interface BuyerWrite {
  token: string;
  idempotencyKey: string;
  deviceId: string;
}

async function call<T>(method: string, path: string, { body, token, idempotencyKey, deviceId }: Call = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (deviceId) headers['X-Device-Id'] = deviceId;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
    throw new ApiError(response.status, error.code, String(error.message ?? ''), details);
  }
  throw new ApiError(response.status, response.status >= 500 ? 'internal' : 'network', response.statusText);
}

const enc = encodeURIComponent;

export const viewerApi = {
  session: (id: string) => call<PublicLiveSessionView>('GET', `/store/live-sessions/${enc(id)}`),
  createBuyer: (orgSlug: string) => call<CreatedBuyer>('POST', `/store/buyers?org=${enc(orgSlug)}`, { body: {} }),
  placeOrder: (as: BuyerWrite, body: { items: { skuId: string; quantity: number }[]; liveSessionId: string; address: Address }) =>
    call<OrderView>('POST', '/store/orders', { ...as, body }),
  placeFlashOrder: (as: BuyerWrite, flashSaleId: string, body: { quantity: number; address: Address }) =>
    call<OrderView>('POST', `/store/flash-sales/${enc(flashSaleId)}/orders`, { ...as, body }),
  /** a comment-to-buy claim (扣1) */
  cartHold: (token: string, holdId: string) => call<CartHoldView>('GET', `/store/cart-holds/${enc(holdId)}`, { token }),
  checkOutHold: (as: BuyerWrite, holdId: string, body: { address: Address }) =>
    call<OrderView>('POST', `/store/cart-holds/${enc(holdId)}/checkout`, { ...as, body }),
  /** public: the draw's seed, entrants and winners, for anyone to check */
  lottery: (lotteryId: string) => call<LotteryVerificationView>('GET', `/store/lotteries/${enc(lotteryId)}`),
  /** a winner's prize becomes a zero-price order, paid at once */
  claimLottery: (token: string, lotteryId: string, body: { address: Address }) => call<OrderView>('POST', `/store/lotteries/${enc(lotteryId)}/claim`, { token, body }),
  pay: (as: Omit<BuyerWrite, 'deviceId'>, orderId: string) => call<PayOrderResult>('POST', `/store/orders/${enc(orderId)}/pay`, { ...as, body: { method: 'sandbox' } }),
  order: (token: string, orderId: string) => call<OrderDetailView>('GET', `/store/orders/${enc(orderId)}`, { token }),
};
