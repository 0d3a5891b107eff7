import { createContext, useContext } from 'react';
import type { ZoneTime } from './format';
import type { Readiness } from './readiness';

/** How the review is shown: the signed-in console page, a shared link, or the shared link printed to PDF. */
export interface ReviewMode {
  sessionId: string;
  /** a shared link: no editing, exports, shares or show picker */
  readOnly: boolean;
  /** `?print=1`: no buttons, everything expanded, no animation, A4 width */
  print: boolean;
  /** reviews:write: may write the 数据反馈 notes and create or revoke share links */
  canWrite: boolean;
  time: ZoneTime;
  readiness: Readiness;
}

export const ReviewModeContext = createContext<ReviewMode | null>(null);

export function useReviewMode(): ReviewMode {
  const mode = useContext(ReviewModeContext);
  if (!mode) throw new Error('useReviewMode() is only available inside a ReviewView');
  return mode;
}
