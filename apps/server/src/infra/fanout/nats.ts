import { connect } from '@nats-io/transport-node';
import {
  createLocalChannels,
  reportHandlerErrorToConsole,
  type HandlerErrorReporter,
} from './local-channels.js';
import type { Fanout } from './port.js';

export interface NatsFanoutOptions {
  servers: string | string[];
  /**
   * Subject tokens put before every channel, so deployments and test runs can share NATS: with
   * `livedesk.fanout`, channel `room.7` travels on `livedesk.fanout.room.7`.
   */
  subjectPrefix: string;
  onHandlerError?: HandlerErrorReporter;
}

// Channels are literal names in every adapter; a `*` or `>` token would turn one into a NATS wildcard.
const isLiteralSubject = (subject: string) =>
  subject.split('.').every((token) => token !== '' && token !== '*' && token !== '>');

export async function createNatsFanout({
  servers,
  subjectPrefix,
  onHandlerError = reportHandlerErrorToConsole,
}: NatsFanoutOptions): Promise<Fanout> {
  if (!isLiteralSubject(subjectPrefix)) {
    throw new Error(`invalid NATS subject prefix: ${JSON.stringify(subjectPrefix)}`);
  }
  // The client gives up after 10 reconnect attempts by default; a gateway must outlive any NATS restart.
  const connection = await connect({ servers, maxReconnectAttempts: -1 });

  const subjectOf = (channel: string) => {
    if (!isLiteralSubject(channel)) {
      throw new Error(`invalid fanout channel for NATS: ${JSON.stringify(channel)}`);
    }
    return `${subjectPrefix}.${channel}`;
  };

  const channels = createLocalChannels(async (channel) => {
    const subscription = connection.subscribe(subjectOf(channel), {
      callback: (error, message) => {
        if (error) console.error(`fanout subscription on channel ${channel} failed`, error);
        else channels.deliver(channel, message.string());
      },
    });
    // The round trip guarantees the server has processed SUB, so messages published from now on arrive.
    await connection.flush();
    return async () => {
      subscription.unsubscribe();
      await connection.flush();
    };
  }, onHandlerError);

  let closing: Promise<void> | undefined;

  return {
    async publish(channel, message) {
      connection.publish(subjectOf(channel), message);
    },

    subscribe: (channel, handler) => channels.subscribe(channel, handler),

    close() {
      channels.close();
      // Drain rather than close: it flushes publishes still buffered in the client before disconnecting.
      closing ??= connection.isClosed() ? Promise.resolve() : connection.drain();
      return closing;
    },
  };
}
