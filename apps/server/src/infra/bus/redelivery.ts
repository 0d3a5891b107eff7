/**
 * How long a message waits before it is offered again after its handler failed `deliveries` times: a
 * quick first retry for transient errors, then doubling so a poison message does not spin the consumer.
 */
export function redeliveryDelayMs(deliveries: number): number {
  return Math.min(100 * 2 ** Math.max(0, deliveries - 1), 10_000);
}
