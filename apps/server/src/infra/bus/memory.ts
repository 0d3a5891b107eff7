import type { Bus, BusEvent, BusMessage, Subscription } from './port.js';
import { redeliveryDelayMs } from './redelivery.js';

interface TopicLog {
  /**
   * Retained events, oldest first: `entries[i]` has seq `dropped + i + 1`. Stored as JSON so handlers see
   * what NATS would give them.
   */
  entries: { id: string; json: string }[];
  /** How many of the oldest events were let go (see `maxRetained`). */
  dropped: number;
  seqById: Map<string, number>;
  groups: Map<string, Group>;
}

interface Group {
  /** The next seq never handed out to this group. */
  cursor: number;
  /** Failed messages whose backoff has elapsed; they go out before anything new. */
  retryReady: number[];
  /** Deliveries so far of messages not acknowledged yet. */
  deliveries: Map<number, number>;
  /** Idle members waiting for something to arrive. */
  waiters: Set<() => void>;
}

interface Member {
  stopped: boolean;
  group: Group;
  done: Promise<void>;
}

/**
 * The embedded Bus: one process, nothing survives a restart (the outbox table is what makes events
 * durable). Each member handles one message at a time, so a single member sees a topic in order.
 * A topic keeps at most about `maxRetained` events: older ones that every group has acknowledged are let
 * go (like a JetStream stream's limits), so a shop that runs for months does not grow without bound;
 * replay (`read`, a new group's `fromSeq`) reaches back that far, and id dedupe covers the same window.
 */
export function createMemoryBus({ maxRetained = 100_000 }: { maxRetained?: number } = {}): Bus {
  const topics = new Map<string, TopicLog>();
  const members = new Set<Member>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  const topicLog = (topic: string): TopicLog => {
    let log = topics.get(topic);
    if (!log) {
      log = { entries: [], dropped: 0, seqById: new Map(), groups: new Map() };
      topics.set(topic, log);
    }
    return log;
  };

  const wake = (group: Group): void => {
    const waiters = [...group.waiters];
    group.waiters.clear();
    for (const resume of waiters) resume();
  };

  const lastSeq = (log: TopicLog): number => log.dropped + log.entries.length;

  const toMessage = (topic: string, log: TopicLog, seq: number, redelivered: boolean): BusMessage => {
    const event = JSON.parse(log.entries[seq - log.dropped - 1]!.json) as BusEvent;
    return { ...event, topic, seq, redelivered };
  };

  const takeNext = (log: TopicLog, group: Group): number | undefined => {
    const retry = group.retryReady.shift();
    if (retry !== undefined) return retry;
    // A group that starts before the retained window starts at its beginning.
    group.cursor = Math.max(group.cursor, log.dropped + 1);
    if (group.cursor > lastSeq(log)) return undefined;
    return group.cursor++;
  };

  /** Lets go of the oldest events every group is done with, in chunks so the splice stays cheap. */
  const trim = (log: TopicLog): void => {
    if (log.entries.length < maxRetained + Math.ceil(maxRetained / 10)) return;
    let safe = lastSeq(log);
    for (const group of log.groups.values()) {
      safe = Math.min(safe, group.cursor - 1, ...group.deliveries.keys(), ...group.retryReady.map((seq) => seq - 1));
    }
    const count = Math.min(log.entries.length - maxRetained, safe - log.dropped);
    if (count <= 0) return;
    for (const { id } of log.entries.splice(0, count)) log.seqById.delete(id);
    log.dropped += count;
  };

  const scheduleRetry = (group: Group, seq: number, delayMs: number): void => {
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      group.retryReady.push(seq);
      wake(group);
    }, delayMs);
    retryTimers.add(timer);
  };

  const serve = async (
    topic: string,
    log: TopicLog,
    member: Member,
    handler: (message: BusMessage) => Promise<void>,
  ): Promise<void> => {
    const { group } = member;
    // Handlers never run inside consume() or publish(): the caller gets its subscription first.
    await Promise.resolve();
    while (!member.stopped) {
      const seq = takeNext(log, group);
      if (seq === undefined) {
        await new Promise<void>((resume) => group.waiters.add(resume));
        continue;
      }
      const delivery = (group.deliveries.get(seq) ?? 0) + 1;
      group.deliveries.set(seq, delivery);
      try {
        await handler(toMessage(topic, log, seq, delivery > 1));
        group.deliveries.delete(seq);
      } catch {
        scheduleRetry(group, seq, redeliveryDelayMs(delivery));
      }
    }
  };

  const stopMember = async (member: Member): Promise<void> => {
    if (member.stopped) return member.done;
    member.stopped = true;
    wake(member.group);
    await member.done;
    members.delete(member);
  };

  const assertOpen = (): void => {
    if (closed) throw new Error('bus is closed');
  };

  return {
    async publish(topic, event) {
      assertOpen();
      const log = topicLog(topic);
      const existing = log.seqById.get(event.id);
      if (existing !== undefined) return { seq: existing, duplicate: true };
      const { id, type, orgId, at, payload } = event;
      log.entries.push({ id, json: JSON.stringify({ id, type, orgId, at, payload }) });
      const seq = lastSeq(log);
      log.seqById.set(id, seq);
      trim(log);
      for (const group of log.groups.values()) wake(group);
      return { seq, duplicate: false };
    },

    async consume(topic, groupName, handler, options) {
      assertOpen();
      const log = topicLog(topic);
      let group = log.groups.get(groupName);
      if (!group) {
        group = { cursor: options?.fromSeq ?? 1, retryReady: [], deliveries: new Map(), waiters: new Set() };
        log.groups.set(groupName, group);
      }
      const member: Member = { stopped: false, group, done: Promise.resolve() };
      member.done = serve(topic, log, member, handler);
      members.add(member);
      const subscription: Subscription = { stop: () => stopMember(member) };
      return subscription;
    },

    async read(topic, fromSeq, limit) {
      assertOpen();
      const log = topics.get(topic);
      if (!log) return [];
      const first = Math.max(log.dropped + 1, fromSeq);
      const last = Math.min(lastSeq(log), first + limit - 1);
      const messages: BusMessage[] = [];
      for (let seq = first; seq <= last; seq++) messages.push(toMessage(topic, log, seq, false));
      return messages;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...members].map(stopMember));
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
    },
  };
}
