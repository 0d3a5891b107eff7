import { Redis } from 'ioredis';
import { closeConnection, untilReady } from '../redis/connection.js';
import {
  createLocalChannels,
  reportHandlerErrorToConsole,
  type HandlerErrorReporter,
} from './local-channels.js';
import type { Fanout } from './port.js';

export interface RedisFanoutOptions {
  url: string;
  /** Prepended to every Redis channel name, so deployments and test runs can share one Redis. */
  channelPrefix: string;
  onHandlerError?: HandlerErrorReporter;
}

export function createRedisFanout({
  url,
  channelPrefix,
  onHandlerError = reportHandlerErrorToConsole,
}: RedisFanoutOptions): Fanout {
  const publisher = new Redis(url);
  // A connection in subscriber mode accepts nothing but (un)subscribe commands, hence a second one.
  const subscriber = new Redis(url);

  const channels = createLocalChannels(async (channel) => {
    const redisChannel = channelPrefix + channel;
    await untilReady(subscriber);
    // ioredis resolves SUBSCRIBE on the server's confirmation, so the subscription is active from here on.
    await subscriber.subscribe(redisChannel);
    return async () => {
      await subscriber.unsubscribe(redisChannel);
    };
  }, onHandlerError);

  subscriber.on('message', (redisChannel: string, message: string) => {
    if (redisChannel.startsWith(channelPrefix)) {
      channels.deliver(redisChannel.slice(channelPrefix.length), message);
    }
  });

  let closing: Promise<void> | undefined;

  return {
    async publish(channel, message) {
      await publisher.publish(channelPrefix + channel, message);
    },

    subscribe: (channel, handler) => channels.subscribe(channel, handler),

    close() {
      channels.close();
      closing ??= Promise.all([closeConnection(publisher), closeConnection(subscriber)]).then(() => {});
      return closing;
    },
  };
}
