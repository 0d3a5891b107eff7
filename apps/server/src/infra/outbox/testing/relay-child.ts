/**
 * A relay process for the crash test: relays the outbox of the given database to the given sink until
 * nothing is left, then exits. The test kills it with SIGKILL part-way and starts another one.
 * Run with `node --import tsx relay-child.ts`, configured by RELAY_CHILD_CONFIG (JSON, see below).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createNatsBus } from '../../bus/nats.js';
import type { Bus } from '../../bus/port.js';
import { openTestDb, type TestDbLocation } from '../../testing/db.js';
import { OutboxRelay } from '../relay.js';
import { createFileSinkBus } from './file-sink-bus.js';

export interface RelayChildConfig {
  db: TestDbLocation;
  sink: { kind: 'file'; path: string } | { kind: 'nats'; url: string; streamPrefix: string };
  holderId: string;
  batchSize: number;
  leaseMs: number;
  /** Slows each publish so a batch takes long enough for the kill to land inside one. */
  publishDelayMs: number;
}

const config = JSON.parse(process.env.RELAY_CHILD_CONFIG ?? '') as RelayChildConfig;
const db = await openTestDb(config.db);
const sink =
  config.sink.kind === 'nats'
    ? await createNatsBus({ servers: config.sink.url, streamPrefix: config.sink.streamPrefix })
    : createFileSinkBus(config.sink.path);
const slowSink: Bus = {
  ...sink,
  publish: async (topic, event) => {
    if (config.publishDelayMs > 0) await sleep(config.publishDelayMs);
    return sink.publish(topic, event);
  },
};
const relay = new OutboxRelay({
  db,
  bus: slowSink,
  holderId: config.holderId,
  batchSize: config.batchSize,
  leaseMs: config.leaseMs,
  idleMs: 50,
});

relay.start();
while ((await relay.lag()).unpublished > 0) await sleep(50);
await relay.stop();
await sink.close();
await db.close();
