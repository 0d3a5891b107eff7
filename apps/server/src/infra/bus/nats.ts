import { createHash } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import type { Bus, BusEvent, BusMessage, Subscription } from './port.js';
import { redeliveryDelayMs } from './redelivery.js';

export interface NatsBusOptions {
  servers: string | string[];
  /**
   * Names the stream (`<prefix>_EVENTS`) and its subjects (`<prefix>.events.<topic>`), so deployments and
   * test runs can share one NATS server. The `events` token keeps the stream from also capturing other
   * subjects under the prefix, such as the fanout's core-NATS traffic.
   */
  streamPrefix: string;
  /** How long a handed-out message may stay unacknowledged before JetStream offers it to the group again. */
  ackWaitMs?: number;
  /** A publish repeating an event id within this window is dropped by JetStream (relays may repeat). */
  duplicateWindowMs?: number;
  /** Called when a subscription's message stream fails for good (e.g. its consumer was deleted). */
  onError?: (err: unknown) => void;
  /**
   * How long the stream keeps events. The outbox and the OLAP store are the long-term record; the bus
   * only has to cover consumers catching up after an outage and late replays.
   */
  maxAgeMs?: number;
}

// Enough to hide the pull round trip, few enough that a slow member does not sit on what others could take.
const PREFETCH = 16;
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const TOPIC_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The cluster Bus on NATS JetStream: one stream per prefix, one durable pull consumer per (topic, group).
 * `seq` is the stream sequence, so it increases within a topic but has gaps where other topics' events sit.
 */
export async function createNatsBus({
  servers,
  streamPrefix,
  ackWaitMs = 10_000,
  duplicateWindowMs = 10 * 60_000,
  maxAgeMs = 7 * 86_400_000,
  onError = (err) => console.error('NATS bus subscription failed', err),
}: NatsBusOptions): Promise<Bus> {
  if (!NAME_PATTERN.test(streamPrefix)) throw new Error(`invalid NATS stream prefix: ${streamPrefix}`);
  const stream = `${streamPrefix}_EVENTS`;
  const nc = await connect({ servers, name: `livedesk-bus-${streamPrefix}` });
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, {
      name: stream,
      subjects: [`${streamPrefix}.events.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(duplicateWindowMs),
      max_age: nanos(maxAgeMs),
      // read() uses direct gets: one request per event, no consumer to create and clean up.
      allow_direct: true,
    });
  } catch (err) {
    await nc.close();
    throw err;
  }
  const js = jetstream(nc);
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const subjectOf = (topic: string): string => {
    if (!TOPIC_PATTERN.test(topic)) throw new Error(`invalid topic for NATS: ${topic}`);
    return `${streamPrefix}.events.${topic}`;
  };

  const assertOpen = (): void => {
    if (closed) throw new Error('bus is closed');
  };

  const ensureConsumer = async (name: string, topic: string, fromSeq: number | undefined): Promise<void> => {
    try {
      await jsm.consumers.info(stream, name);
      return;
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    }
    const config: Partial<ConsumerConfig> = {
      durable_name: name,
      filter_subject: subjectOf(topic),
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ackWaitMs),
      max_deliver: -1,
      ...(fromSeq === undefined
        ? { deliver_policy: DeliverPolicy.All }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq }),
    };
    // Members of a new group may race to create it; the server accepts an identical config twice.
    await jsm.consumers.add(stream, config);
  };

  return {
    async publish(topic, event) {
      assertOpen();
      const { id, type, orgId, at, payload } = event;
      const ack = await js.publish(subjectOf(topic), JSON.stringify({ id, type, orgId, at, payload }), {
        msgID: id,
      });
      return { seq: ack.seq, duplicate: ack.duplicate };
    },

    async consume(topic, group, handler, options) {
      assertOpen();
      const name = durableName(topic, group);
      await ensureConsumer(name, topic, options?.fromSeq);
      const consumer = await js.consumers.get(stream, name);
      const messages = await consumer.consume({ max_messages: PREFETCH });
      let stopping = false;
      const done = (async () => {
        for await (const msg of messages) {
          if (stopping) {
            // Prefetched but not started: hand it back now rather than after ack_wait.
            msg.nak();
            continue;
          }
          // A slow handler is still working on it: keep JetStream from handing the message to another member.
          const inProgress = setInterval(() => msg.working(), ackWaitMs / 2);
          try {
            await handler({ ...msg.json<BusEvent>(), topic, seq: msg.seq, redelivered: msg.redelivered });
            msg.ack();
          } catch {
            msg.nak(redeliveryDelayMs(msg.info.deliveryCount));
          } finally {
            clearInterval(inProgress);
          }
        }
      })().catch(onError);
      const subscription: Subscription = {
        async stop() {
          if (stopping) return done;
          stopping = true;
          await messages.close();
          await done;
          subscriptions.delete(subscription);
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async read(topic, fromSeq, limit) {
      assertOpen();
      const subject = subjectOf(topic);
      const messages: BusMessage[] = [];
      let seq = Math.max(1, fromSeq);
      while (messages.length < limit) {
        const stored = await jsm.direct.getMessage(stream, { seq, next_by_subj: subject });
        if (!stored) break;
        messages.push({ ...stored.json<BusEvent>(), topic, seq: stored.seq, redelivered: false });
        seq = stored.seq + 1;
      }
      return messages;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await nc.drain();
    },
  };
}

type StreamConfigInput = Parameters<JetStreamManager['streams']['add']>[0];

async function ensureStream(jsm: JetStreamManager, config: StreamConfigInput): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (err) {
    if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
    await jsm.streams.add(config);
  }
}

/**
 * One durable consumer per (topic, group): JetStream filters a consumer to one subject. Names allow only
 * a few characters, so the readable part is sanitised and a hash of the exact pair keeps names distinct.
 */
function durableName(topic: string, group: string): string {
  const readable = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(`${topic}\n${group}`).digest('hex').slice(0, 10);
  return `${readable(group)}-${readable(topic)}-${hash}`;
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}
