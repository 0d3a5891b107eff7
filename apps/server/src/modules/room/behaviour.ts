import { newId } from '../../lib/ids.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import type { RoomViewer } from './ports.js';

/** The outbox topic of viewer behaviour; the analytics pipeline consumes it. */
export const BEHAVIOUR_TOPIC = 'behaviour';

/** Shaped like the public tracking Event (api-contract "Events"), so server- and SDK-sent events read alike. */
export interface BehaviourEvent {
  id: string;
  type: 'room.enter' | 'room.leave' | 'comment' | 'like' | 'gift' | 'follow' | 'share';
  ts: number;
  liveSessionId: string;
  userId?: string;
  anonymousId: string;
  props: Record<string, unknown>;
}

export function behaviourEvent(viewer: RoomViewer, type: BehaviourEvent['type'], ts: number, props: Record<string, unknown> = {}): BehaviourEvent {
  return {
    id: newId(),
    type,
    ts,
    liveSessionId: viewer.liveSessionId,
    ...(viewer.buyerId ? { userId: viewer.buyerId } : {}),
    anonymousId: viewer.anonymousId,
    props,
  };
}

export async function enqueueBehaviour(executor: DbExecutor, orgId: string, event: BehaviourEvent): Promise<void> {
  await enqueue(executor, { topic: BEHAVIOUR_TOPIC, type: event.type, orgId, payload: event, id: event.id, at: event.ts });
}

/**
 * Viewer events wait here and are written to the outbox in one transaction per flush: a show with
 * thousands of viewers entering and tapping likes must not cost a transaction per connection. A
 * viewer's likes between two flushes become one `like` event carrying their sum.
 */
export class BehaviourBuffer {
  private pending: { orgId: string; event: BehaviourEvent }[] = [];
  private likes = new Map<string, BehaviourEvent>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
    /** while the database refuses writes, at most this many events wait; older ones are dropped */
    private readonly maxPending = 100_000,
  ) {}

  add(orgId: string, event: BehaviourEvent): void {
    this.pending.push({ orgId, event });
  }

  like(viewer: RoomViewer, count: number, ts: number): void {
    const key = `${viewer.liveSessionId}\n${viewer.identity}`;
    const merged = this.likes.get(key);
    if (merged) {
      merged.props.count = (merged.props.count as number) + count;
      return;
    }
    const event = behaviourEvent(viewer, 'like', ts, { count });
    this.likes.set(key, event);
    this.pending.push({ orgId: viewer.orgId, event });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes what is waiting; flushes run one after another, so events keep their order. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.likes.clear();
    try {
      await this.db.kysely.transaction().execute(async (tx) => {
        for (const { orgId, event } of batch) await enqueueBehaviour(tx, orgId, event);
      });
    } catch (err) {
      this.onError(err);
      this.pending = [...batch, ...this.pending].slice(-this.maxPending);
    }
  }
}
