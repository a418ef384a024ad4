/**
 * Types for the parts of node-media-server 4.x we embed: its RTMP chunk-stream protocol,
 * its FLV tag muxer and its AMF0 decoder. The package ships plain JS (checked with JSDoc
 * only), so these declarations describe just what ingest/rtmp uses.
 */

declare module 'node-media-server/src/core/avpacket.js' {
  /** One RTMP message as a media packet; `codec_type` is the FLV tag type (8 audio, 9 video, 18 script). */
  export default class AVPacket {
    codec_id: number;
    codec_type: number;
    /** 0 audio config, 1 audio frame, 2 video config, 3 keyframe, 4 inter frame, 5 script data. */
    flags: number;
    pts: number;
    dts: number;
    size: number;
    data: Buffer;
  }
}

declare module 'node-media-server/src/protocol/flv.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';

  export default class Flv {
    /** Demuxes an FLV byte stream (unused by us; declared so the class is not static-only). */
    parserData(buffer: Buffer): string | null;
    static createHeader(hasAudio: boolean, hasVideo: boolean): Buffer;
    /** One FLV tag (11-byte header, body, 4-byte PreviousTagSize); copies the body. */
    static createMessage(packet: AVPacket): Buffer;
    static parserTag(type: number, time: number, size: number, data: Buffer): AVPacket;
  }
}

declare module 'node-media-server/src/protocol/amf.js' {
  export function decodeAmf0Data(data: Buffer): { cmd?: unknown; method?: unknown; dataObj?: unknown };
  /** Encodes `{ cmd, transId, cmdObj, ... }` with the field order of the named command. */
  export function encodeAmf0Cmd(command: Record<string, unknown>): Buffer;
  export function encodeAmf0Data(data: Record<string, unknown>): Buffer;
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: string; log(message: string, level?: string): void };
  export default logger;
}

declare module 'node-media-server/src/protocol/rtmp.js' {
  import type AVPacket from 'node-media-server/src/core/avpacket.js';

  export interface RtmpPacketHeader {
    fmt: number;
    cid: number;
    timestamp: number;
    length: number;
    type: number;
    stream_id: number;
  }

  export interface RtmpPacket {
    header: RtmpPacketHeader;
    clock: number;
    payload: Buffer;
    capacity: number;
    bytes: number;
  }

  /** A decoded AMF0 command (`connect`, `publish`...): field names follow the command. */
  export interface RtmpInvokeMessage {
    cmd?: unknown;
    transId?: unknown;
    cmdObj?: unknown;
    streamName?: unknown;
  }

  /** The server side of one RTMP connection: handshake, chunk parsing, command replies. */
  export default class Rtmp {
    handshakeState: number;
    parserPacket: RtmpPacket;
    inPackets: Map<number, RtmpPacket>;
    inChunkSize: number;
    outChunkSize: number;
    ackSize?: number;
    streamApp?: string;
    streamId?: number;
    objectEncoding?: number;
    connectCmdObj?: unknown;
    /** An FLV demuxer the server side never uses. */
    flv: unknown;

    onOutputCallback: (buffer: Buffer) => void;
    onPacketCallback: (packet: AVPacket) => void;

    /** Feeds received bytes; returns an error string or null. May throw on malformed input. */
    parserData(buffer: Buffer): string | null;
    packetAlloc(): void;
    controlHandler(): void;
    invokeHandler(): void;
    onConnect(invokeMessage: RtmpInvokeMessage): void;
    onPublish(invokeMessage: RtmpInvokeMessage): void;
    onPlay(invokeMessage: RtmpInvokeMessage): void;

    sendACK(size: number): void;
    sendWindowACK(size: number): void;
    setPeerBandwidth(size: number, type: number): void;
    setChunkSize(size: number): void;
    sendStatusMessage(streamId: number, level: string, code: string, description: string): void;
    sendInvokeMessage(streamId: number, message: Record<string, unknown>): void;
    respondConnect(transId: unknown): void;
  }
}
