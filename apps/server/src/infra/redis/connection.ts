import type { Redis } from 'ioredis';

// Connection handling shared by the Redis adapters of Hot and Fanout.

/**
 * Resolves once the connection can take commands. ioredis 5.8+ lets SUBSCRIBE through while its connect
 * handshake is still running, which puts the connection in subscriber mode before the handshake's INFO and
 * makes it drop and reconnect (ioredis#2037); subscribing only on a ready connection avoids that.
 */
export function untilReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(new Error('Connection is closed.'));
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off('ready', onReady);
      reject(new Error('Connection is closed.'));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}

/**
 * Closes gracefully when connected (replies still pending are received first) and resolves only once the
 * socket is gone: quit() alone resolves on the server's OK while the socket is still open.
 */
export async function closeConnection(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'reconnecting') {
    // Between attempts there is no socket and ioredis emits no 'end'; cancelling the retry is all there is.
    // ioredis still arms its 2 s socket-destroy timer here, so the process may linger that long on exit.
    client.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status === 'ready') {
    // A connection lost while quitting is closed all the same; 'end' below confirms it.
    await client.quit().catch(() => {});
  } else {
    client.disconnect();
  }
  await ended;
}
