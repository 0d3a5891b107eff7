import { connect } from '@nats-io/transport-node';
import {
  createLocalChannels,
  reportHandlerErrorToConsole,
  type HandlerErrorReporter,
} from './local-channels.js';
import type { Fanout } from './port.js';

export interface NatsFanoutOptions {
  servers: string | string[];
  /** Prepended to every subject, e.g. `livedesk.fanout.`, so deployments and test runs can share NATS. */
  subjectPrefix: string;
  onHandlerError?: HandlerErrorReporter;
}

export async function createNatsFanout({
  servers,
  subjectPrefix,
  onHandlerError = reportHandlerErrorToConsole,
}: NatsFanoutOptions): Promise<Fanout> {
  // The client gives up after 10 reconnect attempts by default; a gateway must outlive any NATS restart.
  const connection = await connect({ servers, maxReconnectAttempts: -1 });

  // Channels are literal names in every adapter; a `*` or `>` token would turn one into a NATS wildcard.
  const subjectOf = (channel: string) => {
    if (channel.split('.').some((token) => token === '' || token === '*' || token === '>')) {
      throw new Error(`invalid fanout channel for NATS: ${JSON.stringify(channel)}`);
    }
    return subjectPrefix + channel;
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
