import {
  createLocalChannels,
  reportHandlerErrorToConsole,
  type HandlerErrorReporter,
} from './local-channels.js';
import type { Fanout } from './port.js';

export interface MemoryFanoutOptions {
  onHandlerError?: HandlerErrorReporter;
}

export function createMemoryFanout({
  onHandlerError = reportHandlerErrorToConsole,
}: MemoryFanoutOptions = {}): Fanout {
  // There is no broker to subscribe at: the local handler set is the whole subscription.
  const channels = createLocalChannels(async () => async () => {}, onHandlerError);
  let closed = false;

  return {
    async publish(channel, message) {
      if (closed) throw new Error('Fanout is closed');
      // Delivered on a later turn so a publisher never runs subscriber code; setImmediate rather than a
      // microtask so that a burst of publishes, or a handler that publishes, cannot starve socket I/O.
      setImmediate(() => channels.deliver(channel, message));
    },

    subscribe: (channel, handler) => channels.subscribe(channel, handler),

    async close() {
      closed = true;
      channels.close();
    },
  };
}
