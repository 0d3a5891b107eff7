import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryKeys } from '../api/endpoints';
import { useCan } from '../auth/me';
import { actorTypeLabelKey, isActorType } from '../i18n/labels';

/**
 * Names for the actor ids that ledgers and timelines carry. Member names come from the member list when
 * the user may read it; otherwise, and for ids no longer in the org, a short id stands in.
 */
export function useActorName(): (actorType: string | null, actorId: string | null) => string {
  const { t } = useTranslation();
  const can = useCan();
  const members = useQuery({
    queryKey: queryKeys.members,
    queryFn: api.listMembers,
    enabled: can('users:read'),
    staleTime: 5 * 60_000,
  });
  const names = useMemo(
    () => new Map((members.data?.items ?? []).map(({ user }) => [user.id, user.name])),
    [members.data],
  );
  return useCallback(
    (actorType, actorId) => {
      if (actorType === 'system' || (actorType === null && actorId === null)) return t('common.system');
      const name = actorId ? names.get(actorId) : undefined;
      if (name) return name;
      if (actorType && isActorType(actorType) && actorType !== 'user') return t(actorTypeLabelKey(actorType));
      return actorId ? t('common.unknownMember', { id: actorId.slice(-6) }) : t('common.system');
    },
    [names, t],
  );
}
