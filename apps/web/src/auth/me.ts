import { createContext, useCallback, useContext } from 'react';
import type { MeView, Permission } from '@livedesk/contracts';

/** Provided by the signed-in shell once `GET /me` has answered, so pages never see a missing user. */
export const MeContext = createContext<MeView | null>(null);

export function useMe(): MeView {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() is only available inside the signed-in shell');
  return me;
}

export function useCan(): (permission: Permission) => boolean {
  const { permissions } = useMe();
  return useCallback((permission) => permissions.includes(permission), [permissions]);
}
