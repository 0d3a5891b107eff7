/** Called when a subscriber's handler throws; the message still reaches every other handler. */
export type HandlerErrorReporter = (error: unknown, channel: string) => void;

export const reportHandlerErrorToConsole: HandlerErrorReporter = (error, channel) => {
  console.error(`fanout handler on channel ${channel} threw`, error);
};

/** How an adapter listens to one channel on its broker; the returned function stops listening. */
export type OpenChannel = (channel: string) => Promise<() => Promise<void>>;

export interface LocalChannels {
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** Hands a message that arrived for `channel` to every local handler. */
  deliver(channel: string, message: string): void;
  /** Drops every handler; later subscribes reject. */
  close(): void;
}

interface Listener {
  handler: (message: string) => void;
}

interface ChannelState {
  listeners: Set<Listener>;
  opened: Promise<() => Promise<void>>;
}

/**
 * Keeps one broker subscription per channel however many local handlers (sockets in a room) listen, so
 * the broker sends each message to a node once rather than once per handler.
 */
export function createLocalChannels(open: OpenChannel, onHandlerError: HandlerErrorReporter): LocalChannels {
  const channels = new Map<string, ChannelState>();
  // Opening and closing one channel's broker subscription run strictly one after the other: otherwise
  // a quick unsubscribe-then-subscribe could reach the broker reversed and leave the new listener deaf.
  const transitions = new Map<string, Promise<void>>();
  let closed = false;

  const inTurn = <T>(channel: string, step: () => Promise<T>): Promise<T> => {
    const result = (transitions.get(channel) ?? Promise.resolve()).then(step);
    // A failed step is reported to its own caller; the next step must still run.
    const settled = result.then(
      () => {},
      () => {},
    );
    transitions.set(channel, settled);
    void settled.then(() => {
      if (transitions.get(channel) === settled) transitions.delete(channel);
    });
    return result;
  };

  const remove = async (channel: string, state: ChannelState, listener: Listener) => {
    if (!state.listeners.delete(listener) || state.listeners.size > 0) return;
    if (channels.get(channel) !== state) return;
    channels.delete(channel);
    await inTurn(channel, async () => (await state.opened)());
  };

  return {
    async subscribe(channel, handler) {
      if (closed) throw new Error('Fanout is closed');
      let state = channels.get(channel);
      if (!state) {
        const created: ChannelState = { listeners: new Set(), opened: inTurn(channel, () => open(channel)) };
        created.opened.catch(() => {
          if (channels.get(channel) === created) channels.delete(channel);
        });
        channels.set(channel, created);
        state = created;
      }
      const listener: Listener = { handler };
      state.listeners.add(listener);
      try {
        await state.opened;
      } catch (error) {
        state.listeners.delete(listener);
        throw error;
      }
      const subscribed = state;
      return () => remove(channel, subscribed, listener);
    },

    deliver(channel, message) {
      const state = channels.get(channel);
      if (!state) return;
      // A snapshot, so handlers that subscribe from inside a handler cannot make this loop endless;
      // the membership check skips handlers unsubscribed by an earlier handler for this same message.
      for (const listener of [...state.listeners]) {
        if (!state.listeners.has(listener)) continue;
        try {
          listener.handler(message);
        } catch (error) {
          onHandlerError(error, channel);
        }
      }
    },

    close() {
      closed = true;
      channels.clear();
    },
  };
}
