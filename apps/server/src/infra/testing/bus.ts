import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createMemoryBus } from '../bus/memory.js';
import { createNatsBus } from '../bus/nats.js';
import type { Bus } from '../bus/port.js';

/** Set to run the cluster-mode tests against a real NATS server with JetStream. */
export const natsUrl = process.env.NATS_URL;

/** A prefix no other test run uses, so runs sharing one server never see each other's events. */
export function uniqueStreamPrefix(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Removes the stream a NatsBus created for `streamPrefix`, so test runs do not fill the server. */
export async function deleteNatsStream(url: string, streamPrefix: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(`${streamPrefix}_EVENTS`).catch(() => false);
  } finally {
    await nc.close();
  }
}

export interface BusFixture {
  name: string;
  /** A fresh, empty Bus; `dispose` removes what it left on the server (call it after `bus.close()`). */
  create(): Promise<{ bus: Bus; dispose(): Promise<void> }>;
}

const memoryFixture: BusFixture = {
  name: 'memory',
  create: async () => ({ bus: createMemoryBus(), dispose: async () => {} }),
};

const natsFixture = (url: string): BusFixture => ({
  name: 'nats',
  create: async () => {
    const streamPrefix = uniqueStreamPrefix();
    const bus = await createNatsBus({ servers: url, streamPrefix });
    return { bus, dispose: () => deleteNatsStream(url, streamPrefix) };
  },
});

/** The memory Bus always; the NATS Bus too when NATS_URL is set. */
export const busFixtures: BusFixture[] = natsUrl ? [memoryFixture, natsFixture(natsUrl)] : [memoryFixture];
