import type {
  CancelOrderBody,
  CommerceSettingsView,
  CreatedRefunds,
  CreateRefundBody,
  OrderChannel,
  OrderDetailView,
  OrderPage,
  OrderPaymentsView,
  OrderStatus,
  OrderView,
  SandboxCallbackResult,
  UpdateCommerceSettingsBody,
} from '@livedesk/contracts';
import { request } from './client';
import type { Infer } from './schemaTypes';

export type OrderSummary = Infer<typeof OrderPage>['items'][number];
export type OrderListPage = Infer<typeof OrderPage>;
export type OrderChannelValue = Infer<typeof OrderChannel>;
export type CommerceSettings = Infer<typeof CommerceSettingsView>;
export type CommerceSettingsPatch = Infer<typeof UpdateCommerceSettingsBody>;

export interface OrderFilters {
  status?: OrderStatus;
  channel?: OrderChannelValue;
  liveSessionId?: string;
  q?: string;
  from?: number;
  to?: number;
  buyerId?: string;
}

const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;

/** One key per attempt (per dialog opening), so a retried refund is recognised, not paid twice. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

export const ordersApi = {
  list: (filters: OrderFilters, cursor: string | null, signal?: AbortSignal, limit = 50) =>
    request<OrderListPage>('GET', '/orders', { query: { ...filters, cursor, limit }, signal }),
  detail: (id: string, reveal: boolean) =>
    request<OrderDetailView>('GET', orderPath(id), { query: { reveal: reveal ? 1 : undefined } }),
  cancel: (id: string, body: Infer<typeof CancelOrderBody>) =>
    request<OrderView>('POST', `${orderPath(id)}/cancel`, { body }),

  payments: (id: string) => request<OrderPaymentsView>('GET', `${orderPath(id)}/payments`),
  refund: (id: string, body: CreateRefundBody, idempotencyKey: string) =>
    request<Infer<typeof CreatedRefunds>>('POST', `${orderPath(id)}/refunds`, {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  settleSandboxPayment: (paymentId: string, outcome: 'succeed' | 'fail') =>
    request<Infer<typeof SandboxCallbackResult>>(
      'POST',
      `/payments/${encodeURIComponent(paymentId)}/sandbox/${outcome}`,
    ),

  settings: () => request<CommerceSettings>('GET', '/commerce/settings'),
  updateSettings: (body: CommerceSettingsPatch) => request<CommerceSettings>('PATCH', '/commerce/settings', { body }),
};

export const orderKeys = {
  all: ['orders'] as const,
  list: (filters: OrderFilters) => ['orders', 'list', filters] as const,
  detail: (id: string, reveal: boolean) => ['orders', 'detail', id, reveal] as const,
  payments: (id: string) => ['orders', 'payments', id] as const,
  settings: ['commerce-settings'] as const,
};
