/**
 * Room broadcast across gateway nodes: every subscriber of a channel on every node gets every message
 * published after it subscribed. Fire-and-forget: no persistence, no replay (the Bus is for that).
 * Messages are strings so a frame is serialised once, however many sockets it reaches.
 */
export interface Fanout {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
