import type { Bus, BusEvent, BusMessage, Subscription } from './port.js';
import { redeliveryDelayMs } from './redelivery.js';

interface TopicLog {
  /** Serialised events, index = seq - 1. Stored as JSON so handlers see what NATS would give them. */
  entries: string[];
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
 */
export function createMemoryBus(): Bus {
  const topics = new Map<string, TopicLog>();
  const members = new Set<Member>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  const topicLog = (topic: string): TopicLog => {
    let log = topics.get(topic);
    if (!log) {
      log = { entries: [], seqById: new Map(), groups: new Map() };
      topics.set(topic, log);
    }
    return log;
  };

  const wake = (group: Group): void => {
    const waiters = [...group.waiters];
    group.waiters.clear();
    for (const resume of waiters) resume();
  };

  const toMessage = (topic: string, log: TopicLog, seq: number, redelivered: boolean): BusMessage => {
    const event = JSON.parse(log.entries[seq - 1] as string) as BusEvent;
    return { ...event, topic, seq, redelivered };
  };

  const takeNext = (log: TopicLog, group: Group): number | undefined => {
    const retry = group.retryReady.shift();
    if (retry !== undefined) return retry;
    if (group.cursor > log.entries.length) return undefined;
    return group.cursor++;
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
      const seq = log.entries.push(JSON.stringify({ id, type, orgId, at, payload }));
      log.seqById.set(id, seq);
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
      const first = Math.max(1, fromSeq);
      const last = Math.min(log.entries.length, first + limit - 1);
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
