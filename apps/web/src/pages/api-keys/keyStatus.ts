import type { ApiKeyView } from '@livedesk/contracts';

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

export function apiKeyStatus(key: ApiKeyView, now: number): ApiKeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'expired';
  return 'active';
}

export const apiKeyStatusColor: Record<ApiKeyStatus, string> = {
  active: 'success',
  revoked: 'default',
  expired: 'warning',
};
