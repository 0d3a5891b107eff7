import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `condition` holds, for effects that land asynchronously such as pub/sub delivery. */
export async function waitFor(
  condition: () => boolean,
  { timeoutMs = 3_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** TCP sockets keeping this process alive; an adapter that closed cleanly leaves the count where it was. */
export const openTcpSocketCount = (): number =>
  process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap').length;
