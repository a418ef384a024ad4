import type AVPacket from 'node-media-server/src/core/avpacket.js';
import nmsLogger from 'node-media-server/src/core/logger.js';
import Rtmp, { type RtmpInvokeMessage } from 'node-media-server/src/protocol/rtmp.js';

// node-media-server prints to stdout through its own singleton logger (e.g. one line per
// malformed AMF value): a hostile client could flood the origin's log with it. We embed only
// its protocol code and log through our own port, so its logger is muted.
nmsLogger.log = () => {};

/** Malformed or hostile input: the connection must be dropped. */
export class RtmpProtocolError extends Error {
  override name = 'RtmpProtocolError';
}

export interface RtmpProtocolLimits {
  /** Largest RTMP message accepted (the spec allows 16 MiB; a 4K keyframe is a few MiB). */
  maxMessageBytes: number;
  /** Distinct chunk streams per connection (encoders use a handful). */
  maxChunkStreams: number;
}

export type PublishVerdict = { ok: true } | { ok: false; code: string; description: string };

/** What the connection's owner decides and receives; the protocol does all RTMP replies itself. */
export interface RtmpProtocolEvents {
  /** Bytes for the peer (handshake, command replies). */
  output(bytes: Buffer): void;
  /** The peer asked to publish `streamKey`; decide before any media is accepted. */
  publish(streamKey: string): PublishVerdict;
  /** Something was refused and the peer was told why: end the connection gracefully. */
  refused(reason: string): void;
  /** One media/script message of the authorised publish. */
  packet(packet: AVPacket): void;
}

const RTMP_VERSION = 3;
const HANDSHAKE_UNINIT = 0;
const TYPE_SET_CHUNK_SIZE = 1;
const MAX_CHUNK_SIZE = 0x7fffffff;
const TYPE_AUDIO = 8;
const TYPE_VIDEO = 9;
/** Commands, metadata and control messages are small; AMF decoding of a huge one would block the loop. */
const MAX_NON_MEDIA_MESSAGE_BYTES = 64 * 1024;

/**
 * node-media-server's RTMP server-side protocol with the guards an internet-facing ingest
 * needs: only RTMP version 3, bounded message sizes and chunk streams, a valid chunk size,
 * one application, publish authorised BEFORE `NetStream.Publish.Start` (upstream answers
 * first and asks later), playback refused, media only after an authorised publish, and
 * acknowledgements sent at the window the peer asked for.
 */
export class GuardedRtmpProtocol extends Rtmp {
  readonly #app: string;
  readonly #limits: RtmpProtocolLimits;
  readonly #events: RtmpProtocolEvents;
  #connected = false;
  #publishing = false;
  #received = 0;
  #acknowledged = 0;

  constructor(options: { app: string; limits: RtmpProtocolLimits; events: RtmpProtocolEvents }) {
    super();
    // Upstream gives every connection a 1 MiB FLV demuxer buffer that the server side never
    // uses: dropped at once, so a flood of connections costs no memory for it.
    this.flv = undefined;
    this.#app = options.app;
    this.#limits = options.limits;
    this.#events = options.events;
    this.onOutputCallback = (bytes) => this.#events.output(bytes);
    this.onPacketCallback = (packet) => {
      if (!this.#publishing) throw new RtmpProtocolError('media before an authorised publish');
      this.#events.packet(packet);
    };
  }

  get publishing(): boolean {
    return this.#publishing;
  }

  override parserData(buffer: Buffer): string | null {
    if (this.handshakeState === HANDSHAKE_UNINIT && buffer.length > 0 && buffer[0] !== RTMP_VERSION) {
      throw new RtmpProtocolError(`not an RTMP handshake (version byte 0x${buffer[0]?.toString(16)})`);
    }
    this.#received += buffer.length;
    const error = super.parserData(buffer);
    // Encoders that wait for acknowledgements (the window they announced) would otherwise stall.
    if (this.ackSize && this.ackSize > 0 && this.#received - this.#acknowledged >= this.ackSize) {
      this.#acknowledged = this.#received;
      this.sendACK(this.#received % 2 ** 32);
    }
    return error;
  }

  /** Runs when the first chunk of a message is read: the place to refuse its size before allocating. */
  override packetAlloc(): void {
    const packet = this.parserPacket;
    const { length, type } = packet.header;
    // Big messages only once a publish is authorised: before that a peer we know nothing
    // about could make us allocate megabytes per connection with a few header bytes.
    const media = type === TYPE_AUDIO || type === TYPE_VIDEO;
    const limit = media && this.#publishing ? this.#limits.maxMessageBytes : MAX_NON_MEDIA_MESSAGE_BYTES;
    if (length > limit) {
      const when = media && !this.#publishing ? ' before an authorised publish' : '';
      throw new RtmpProtocolError(
        `message of ${length} bytes (type ${type}) is over the ${limit} limit${when}`,
      );
    }
    if (this.inPackets.size > this.#limits.maxChunkStreams) {
      throw new RtmpProtocolError(`more than ${this.#limits.maxChunkStreams} chunk streams`);
    }
    if (packet.capacity < length) {
      let buffered = length;
      for (const other of this.inPackets.values()) if (other !== packet) buffered += other.capacity;
      if (buffered > 2 * this.#limits.maxMessageBytes) {
        throw new RtmpProtocolError(`${buffered} bytes of partial messages buffered across chunk streams`);
      }
    }
    super.packetAlloc();
  }

  override controlHandler(): void {
    const { header, payload } = this.parserPacket;
    if (header.type === TYPE_SET_CHUNK_SIZE) {
      const size = header.length >= 4 ? payload.readUInt32BE(0) : 0;
      // 0 would stall the parser (NaN offsets); the top bit must be 0 (RTMP 5.4.1).
      if (size < 1 || size > MAX_CHUNK_SIZE) throw new RtmpProtocolError(`invalid chunk size ${size}`);
    }
    super.controlHandler();
  }

  override onConnect(message: RtmpInvokeMessage): void {
    if (this.#connected) throw new RtmpProtocolError('second connect on one connection');
    const command = isRecord(message.cmdObj) ? message.cmdObj : {};
    const app = typeof command.app === 'string' ? command.app.replace(/\/+$/, '') : undefined;
    if (app !== this.#app) {
      this.sendInvokeMessage(0, {
        cmd: '_error',
        transId: message.transId,
        cmdObj: null,
        info: { level: 'error', code: 'NetConnection.Connect.Rejected', description: 'Unknown application.' },
      });
      this.#events.refused(`application ${JSON.stringify(app?.slice(0, 64) ?? null)} is not served`);
      return;
    }
    // Upstream's onConnect parses tcUrl with `new URL` (throws on junk) for a host we do not use.
    this.#connected = true;
    this.connectCmdObj = command;
    this.streamApp = app;
    this.objectEncoding = typeof command.objectEncoding === 'number' ? command.objectEncoding : 0;
    this.sendWindowACK(5_000_000);
    this.setPeerBandwidth(5_000_000, 2);
    this.setChunkSize(this.outChunkSize);
    this.respondConnect(message.transId);
  }

  override onPublish(message: RtmpInvokeMessage): void {
    if (!this.#connected) throw new RtmpProtocolError('publish before connect');
    if (this.#publishing) throw new RtmpProtocolError('second publish on one connection');
    const streamId = this.parserPacket.header.stream_id;
    const streamName = typeof message.streamName === 'string' ? message.streamName : '';
    const verdict = this.#events.publish(streamName.split('?')[0] ?? '');
    if (!verdict.ok) {
      this.sendStatusMessage(streamId, 'error', verdict.code, verdict.description);
      this.#events.refused(verdict.description);
      return;
    }
    this.#publishing = true;
    this.streamId = streamId;
    this.sendStatusMessage(streamId, 'status', 'NetStream.Publish.Start', 'Publishing.');
  }

  /** We are an ingest, not an RTMP CDN: nobody plays from us. */
  override onPlay(_message: RtmpInvokeMessage): void {
    const streamId = this.parserPacket.header.stream_id;
    this.sendStatusMessage(streamId, 'error', 'NetStream.Play.Failed', 'Playback is not offered here.');
    this.#events.refused('RTMP play is not offered');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
