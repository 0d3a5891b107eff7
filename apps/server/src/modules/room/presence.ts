import type { Hot } from '../../infra/hot/port.js';
import { NODE_COUNT_TTL_MS, showNodesKey } from './online.js';

const presentKey = (liveSessionId: string, nodeId: string) => `room:${liveSessionId}:present:${nodeId}`;

/**
 * Who is in a show's room right now, across gateway nodes (a lottery's "present at the draw" rule).
 * Each node keeps the identities it serves in a set of its own that expires unless refreshed with the
 * node's online report, so a crashed node's viewers stop counting as present after the TTL — the same
 * rule as the online count, over the same list of nodes.
 */
export class RoomPresence {
  constructor(
    private readonly hot: Hot,
    private readonly nodeId: string,
    private readonly ttlMs = NODE_COUNT_TTL_MS,
  ) {}

  async entered(liveSessionId: string, identity: string): Promise<void> {
    const key = presentKey(liveSessionId, this.nodeId);
    await this.hot.sadd(key, identity);
    await this.hot.expire(key, this.ttlMs);
  }

  async left(liveSessionId: string, identity: string): Promise<void> {
    await this.hot.srem(presentKey(liveSessionId, this.nodeId), identity);
  }

  /** Keeps this node's set alive; called with each online report. */
  async refresh(liveSessionId: string): Promise<void> {
    await this.hot.expire(presentKey(liveSessionId, this.nodeId), this.ttlMs);
  }

  async present(liveSessionId: string): Promise<Set<string>> {
    const nodes = await this.hot.smembers(showNodesKey(liveSessionId));
    const sets = await Promise.all(nodes.map((node) => this.hot.smembers(presentKey(liveSessionId, node))));
    return new Set(sets.flat());
  }
}
