import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import type { Hot } from '../../infra/hot/port.js';
import { moderationRepo } from './repo.js';
import { SharedCache } from './shared-cache.js';

export interface RoomSettingsView {
  announcement: string | null;
  slowModeSeconds: number;
}

/**
 * A show's pinned announcement and slow mode, read on every join and chat message, so cached per node
 * (see SharedCache) and written only through RoomModeration.
 */
export class RoomSettings {
  private readonly cache: SharedCache<RoomSettingsView>;

  constructor(db: Db, hot: Hot, clock: Clock) {
    this.cache = new SharedCache(hot, clock, 'room', async (liveSessionId) => {
      const row = await moderationRepo.room(db.kysely, liveSessionId);
      return { announcement: row?.announcement ?? null, slowModeSeconds: row?.slow_mode_seconds ?? 0 };
    });
  }

  get(liveSessionId: string): Promise<RoomSettingsView> {
    return this.cache.get(liveSessionId);
  }

  changed(liveSessionId: string): Promise<void> {
    return this.cache.changed(liveSessionId);
  }
}
