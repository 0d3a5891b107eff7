import type { Hot } from '../../infra/hot/port.js';

/** A node's count outlives its last report by this much; a crashed node stops counting after it. */
export const NODE_COUNT_TTL_MS = 5_000;
const NODES_TTL_MS = 86_400_000;

/** The gateway nodes serving a show's viewers (their ids). */
export const showNodesKey = (liveSessionId: string) => `room:${liveSessionId}:nodes`;
const nodeKey = (liveSessionId: string, nodeId: string) => `room:${liveSessionId}:online:${nodeId}`;

/**
 * A show's online count across gateway nodes. Each node reports its own count under a key that
 * expires unless refreshed, and the total is the sum over the nodes listed for the show; a node whose
 * key has expired (it crashed, or lost its network) is dropped from the list. No node ever decrements
 * another's count, so a crash cannot leave the total too high for longer than the TTL.
 */
export class OnlineCounter {
  constructor(
    private readonly hot: Hot,
    private readonly nodeId: string,
    private readonly ttlMs = NODE_COUNT_TTL_MS,
  ) {}

  /** Records this node's count (0 withdraws it) and returns the show's total. */
  async report(liveSessionId: string, localCount: number): Promise<number> {
    const nodes = showNodesKey(liveSessionId);
    if (localCount > 0) {
      await this.hot.set(nodeKey(liveSessionId, this.nodeId), String(localCount), { ttlMs: this.ttlMs });
      await this.hot.sadd(nodes, this.nodeId);
      await this.hot.expire(nodes, NODES_TTL_MS);
    } else {
      await this.hot.del(nodeKey(liveSessionId, this.nodeId));
      await this.hot.srem(nodes, this.nodeId);
    }
    const members = await this.hot.smembers(nodes);
    const counts = await Promise.all(members.map((node) => this.hot.get(nodeKey(liveSessionId, node))));
    let total = 0;
    const gone: string[] = [];
    counts.forEach((count, i) => {
      if (count === null) gone.push(members[i]!);
      else total += Number(count);
    });
    if (gone.length) await this.hot.srem(nodes, ...gone);
    return total;
  }
}
