// Types for the parts of node-media-server 4.4.3 the embedded media server uses: its RTMP protocol engine
// (handshake, chunk streams, AMF commands) and its FLV tag muxer. They are internal modules of the package,
// which is why apps/server pins its exact version.

declare module 'node-media-server/src/core/avpacket.js' {
  /** One RTMP/FLV message as NMS parses it. */
  export default class AVPacket {
    /** FLV codec id (7 = H.264, 10 = AAC, 9 = audio ex-header), or the FourCC as uint32 for enhanced RTMP video */
    codec_id: number;
    /** FLV tag type: 8 audio, 9 video, 18 script data */
    codec_type: number;
    /** 0 audio sequence header, 1 audio frame, 2 video sequence header, 3 key frame, 4 inter frame, 5 metadata */
    flags: number;
    pts: number;
    dts: number;
    size: number;
    /** the parser's reusable buffer: copy before keeping it past the callback */
    data: Buffer;
  }
}

declare module 'node-media-server/src/protocol/rtmp.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';

  export default class Rtmp {
    streamApp: string;
    streamName: string;
    streamId: number;
    parserPacket: { header: { stream_id: number } };
    onConnectCallback: (req: { app: string; name: string; host: string; query: unknown }) => void;
    onPlayCallback: () => void;
    onPushCallback: () => void;
    onPacketCallback: (packet: AVPacket) => void;
    onOutputCallback: (buffer: Buffer) => void;
    /** feeds bytes from the socket; returns an error message, or throws on malformed commands */
    parserData(buffer: Buffer): string | null;
    respondPublish(): void;
    sendStatusMessage(streamId: number, level: 'status' | 'error', code: string, description: string): void;
    protected onPublish(invokeMessage: { streamName: unknown }): void;
    protected onPlay(invokeMessage: { streamName: unknown }): void;
  }
}

declare module 'node-media-server/src/protocol/flv.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';

  export default class Flv {
    static createHeader(hasAudio: boolean, hasVideo: boolean): Buffer;
    /** a whole FLV tag (header, payload, previous-tag-size) in a new buffer */
    static createMessage(packet: AVPacket): Buffer;
  }
}

declare module 'node-media-server/src/protocol/amf.js' {
  const amf: {
    decodeAmf0Data(buffer: Buffer): { cmd?: unknown; method?: unknown; dataObj?: unknown };
    encodeAmf0Data(data: { cmd: string; dataObj: unknown }): Buffer;
  };
  export default amf;
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' };
  export default logger;
}
