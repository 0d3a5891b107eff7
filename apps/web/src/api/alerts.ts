import type {
  AlertChannelView,
  AlertDelivery,
  AlertPage,
  AlertRuleInput,
  AlertRuleView,
  AlertView,
  CreateAlertChannelInput,
  UpdateAlertChannelBody,
} from '@livedesk/contracts';
import { request } from './client';

export interface AlertHistoryFilters {
  liveSessionId?: string;
  status?: 'open' | 'acknowledged';
}

const rulePath = (id: string) => `/alerts/rules/${encodeURIComponent(id)}`;
const channelPath = (id: string) => `/alerts/channels/${encodeURIComponent(id)}`;

export const alertsApi = {
  rules: () => request<{ items: AlertRuleView[] }>('GET', '/alerts/rules'),
  createRule: (body: AlertRuleInput) => request<AlertRuleView>('POST', '/alerts/rules', { body }),
  replaceRule: (id: string, body: AlertRuleInput) => request<AlertRuleView>('PUT', rulePath(id), { body }),
  deleteRule: (id: string) => request<void>('DELETE', rulePath(id)),

  channels: () => request<{ items: AlertChannelView[] }>('GET', '/alerts/channels'),
  createChannel: (body: CreateAlertChannelInput) => request<AlertChannelView>('POST', '/alerts/channels', { body }),
  updateChannel: (id: string, body: UpdateAlertChannelBody) => request<AlertChannelView>('PATCH', channelPath(id), { body }),
  deleteChannel: (id: string) => request<void>('DELETE', channelPath(id)),
  testChannel: (id: string) => request<AlertDelivery>('POST', `${channelPath(id)}/test`),

  history: (filters: AlertHistoryFilters, cursor: string | null, signal?: AbortSignal) =>
    request<AlertPage>('GET', '/alerts', { query: { ...filters, cursor, limit: 50 }, signal }),
  acknowledge: (id: string) => request<AlertView>('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`),
};

export const alertKeys = {
  all: ['alerts'] as const,
  rules: ['alerts', 'rules'] as const,
  channels: ['alerts', 'channels'] as const,
  histories: ['alerts', 'history'] as const,
  history: (filters: AlertHistoryFilters) => ['alerts', 'history', filters] as const,
};
