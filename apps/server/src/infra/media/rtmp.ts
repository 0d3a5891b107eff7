import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type AVPacket from 'node-media-server/src/core/avpacket.js';
import nmsLogger from 'node-media-server/src/core/logger.js';
import Rtmp from 'node-media-server/src/protocol/rtmp.js';
import type { MediaLog } from './port.js';

// NMS's protocol modules log to stdout at debug level by default; what matters is reported through our logger.
nmsLogger.level = 'error';

/** A connection must be publishing this long after it connected (a deadline, not an idle timeout). */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** An encoder sends continuously; this long without a byte is a dead link (no FIN ever came). */
const PUBLISH_IDLE_TIMEOUT_MS = 20_000;

export interface PublishAttempt {
  app: string;
  streamName: string;
  /** the stream key's query string, e.g. `sign=…` */
  query: URLSearchParams;
  clientIp: string | null;
}

export interface Publisher {
  readonly attempt: PublishAttempt;
  /** disconnects; `ended` follows */
  close(): void;
  /** resolves once the connection is gone */
  readonly closed: Promise<void>;
}

export interface IngestHandlers {
  /** true lets the publish start; false refuses it with an RTMP error status and closes the connection */
  authorize(attempt: PublishAttempt): Promise<boolean>;
  started(publisher: Publisher): void;
  packet(publisher: Publisher, packet: AVPacket): void;
  /** an allowed publisher's connection closed, for whatever reason */
  ended(publisher: Publisher): void;
}

export interface RtmpIngest {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * NMS's RTMP engine with the publish decision held back: NMS answers `NetStream.Publish.Start` the moment
 * the `publish` command arrives and authorises synchronously, while ours is an async lookup. Encoders
 * (OBS, ffmpeg) wait for that answer before sending media, so the socket is paused until we decide.
 */
class GatedRtmp extends Rtmp {
  requested: { name: string; query: string } | null = null;

  constructor(private readonly onRequest: () => void) {
    super();
  }

  protected override onPublish(invokeMessage: { streamName: unknown }) {
    if (this.requested || typeof invokeMessage.streamName !== 'string') throw new Error('unexpected publish command');
    const key = invokeMessage.streamName;
    const mark = key.indexOf('?');
    const [name, query] = mark < 0 ? [key, ''] : [key.slice(0, mark), key.slice(mark + 1)];
    this.streamName = name;
    this.streamId = this.parserPacket.header.stream_id;
    this.requested = { name, query };
    this.onRequest();
  }

  protected override onPlay() {
    throw new Error('RTMP playback is not offered; viewers use HTTP-FLV');
  }

  accept() {
    this.respondPublish();
  }

  refuse(description: string) {
    this.sendStatusMessage(this.streamId, 'error', 'NetStream.Publish.Unauthorized', description);
  }
}

export async function listenRtmp(port: number, handlers: IngestHandlers, log: MediaLog): Promise<RtmpIngest> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    handleConnection(socket, handlers, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'rtmp: listener failed'));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function handleConnection(socket: Socket, handlers: IngestHandlers, log: MediaLog) {
  const clientIp = socket.remoteAddress?.replace(/^::ffff:/, '') ?? null;
  let publisher: Publisher | null = null;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const deadline = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
  socket.once('close', () => clearTimeout(deadline));

  const rtmp = new GatedRtmp(() => {
    socket.pause();
    decide().catch((err: unknown) => {
      log.error({ err, stream: rtmp.requested?.name }, 'rtmp: starting a publish failed');
      socket.destroy();
    });
  });
  rtmp.onOutputCallback = (buffer) => {
    if (!socket.destroyed) socket.write(buffer);
  };
  rtmp.onPacketCallback = (packet) => {
    if (publisher) handlers.packet(publisher, packet);
  };

  const decide = async () => {
    const { name, query } = rtmp.requested!;
    const attempt: PublishAttempt = { app: rtmp.streamApp, streamName: name, query: new URLSearchParams(query), clientIp };
    let allowed = false;
    try {
      allowed = await handlers.authorize(attempt);
    } catch (err) {
      log.error({ err, stream: name }, 'rtmp: publish authorisation failed');
    }
    if (socket.destroyed) return;
    if (!allowed) {
      log.info({ stream: name, clientIp }, 'rtmp: publish refused');
      rtmp.refuse('publish refused: unknown stream or wrong sign');
      socket.end();
      return;
    }
    const self: Publisher = { attempt, close: () => socket.destroy(), closed };
    publisher = self;
    clearTimeout(deadline);
    socket.setTimeout(PUBLISH_IDLE_TIMEOUT_MS);
    socket.once('close', () => handlers.ended(self));
    rtmp.accept();
    handlers.started(self);
    socket.resume();
  };

  socket.setKeepAlive(true, 10_000);
  socket.on('timeout', () => socket.destroy());
  socket.on('error', () => {}); // resets and timeouts end in 'close', which is all that matters here
  socket.on('data', (data: Buffer) => {
    try {
      const error = rtmp.parserData(data);
      if (error) throw new Error(error);
    } catch (err) {
      log.warn({ err, clientIp }, 'rtmp: dropping a connection that broke the protocol');
      socket.destroy();
    }
  });
}
