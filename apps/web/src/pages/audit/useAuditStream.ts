import { AuditEntryView } from '@livedesk/contracts';
import { useConsoleSocket, type ConsoleSocketStatus } from '../../lib/useConsoleSocket';

export type StreamStatus = ConsoleSocketStatus;

/** Only `audit.appended` frames matter here; anything else on the socket is ignored. */
function parseAuditFrame(frame: unknown): AuditEntryView | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame) || frame.type !== 'audit.appended') return null;
  const parsed = AuditEntryView.safeParse('entry' in frame ? frame.entry : undefined);
  return parsed.success ? parsed.data : null;
}

/** Follows the org's audit stream on the console socket; the socket is per org: switching org reconnects. */
export function useAuditStream(orgId: string, onEntry: (entry: AuditEntryView) => void): StreamStatus {
  return useConsoleSocket(`audit:${orgId}`, {
    onFrame: (frame) => {
      const entry = parseAuditFrame(frame);
      if (entry) onEntry(entry);
    },
  });
}
