import type AVPacket from 'node-media-server/src/core/avpacket.js';
import type { ProtocolStats } from '../../defs/ingest.ts';

const TYPE_AUDIO = 8;
const TYPE_VIDEO = 9;
const KEYFRAME = 3;

/** `onMetaData` fields an encoder announces (OBS, FFmpeg) and the stat each becomes. */
const METADATA_STATS = {
  width: 'videoWidth',
  height: 'videoHeight',
  framerate: 'videoFramerate',
  videodatarate: 'videoDataRateKbps',
  videocodecid: 'videoCodecId',
  audiocodecid: 'audioCodecId',
  audiosamplerate: 'audioSampleRate',
  audiodatarate: 'audioDataRateKbps',
  audiochannels: 'audioChannels',
} as const;

/**
 * What ingest health wants to know about an RTMP publisher, from numbers we already have:
 * bytes off the socket, the encoder's metadata, and the media messages passing through.
 */
export class PublisherStats {
  readonly #now: () => number;
  readonly #announced: ProtocolStats = {};
  #bytesReceived = 0;
  #flvBytes = 0;
  #videoFrames = 0;
  #audioFrames = 0;
  #keyframes = 0;
  #keyframeIntervalMs = 0;
  #lastKeyframeDts: number | undefined;
  #lastTimestampMs = 0;
  #sampledAt: number;
  #bytesAtSample = 0;

  constructor(now: () => number = performance.now.bind(performance)) {
    this.#now = now;
    this.#sampledAt = now();
  }

  noteBytesReceived(count: number): void {
    this.#bytesReceived += count;
  }

  noteFlvBytes(count: number): void {
    this.#flvBytes += count;
  }

  /** Keeps the numeric fields; a later onMetaData replaces the earlier one. */
  noteMetadata(values: Record<string, unknown>): void {
    for (const key of Object.keys(this.#announced)) delete this.#announced[key];
    for (const [field, stat] of Object.entries(METADATA_STATS)) {
      const value = values[field];
      if (typeof value === 'number' && Number.isFinite(value)) this.#announced[stat] = value;
    }
    if (this.#announced.audioChannels === undefined && typeof values.stereo === 'boolean') {
      this.#announced.audioChannels = values.stereo ? 2 : 1;
    }
  }

  notePacket(packet: AVPacket): void {
    if (packet.codec_type === TYPE_VIDEO) {
      this.#videoFrames++;
      if (packet.flags === KEYFRAME) {
        this.#keyframes++;
        if (this.#lastKeyframeDts !== undefined)
          this.#keyframeIntervalMs = packet.dts - this.#lastKeyframeDts;
        this.#lastKeyframeDts = packet.dts;
      }
    } else if (packet.codec_type === TYPE_AUDIO) {
      this.#audioFrames++;
    } else {
      return;
    }
    this.#lastTimestampMs = packet.dts;
  }

  /** One sample; the receive bitrate covers the time since the previous sample. */
  sample(): ProtocolStats {
    const now = this.#now();
    const seconds = (now - this.#sampledAt) / 1000;
    const bitrateKbps = seconds > 0 ? ((this.#bytesReceived - this.#bytesAtSample) * 8) / 1000 / seconds : 0;
    this.#sampledAt = now;
    this.#bytesAtSample = this.#bytesReceived;
    return {
      ...this.#announced,
      bytesReceived: this.#bytesReceived,
      receiveBitrateKbps: Math.round(bitrateKbps),
      flvBytes: this.#flvBytes,
      videoFrames: this.#videoFrames,
      audioFrames: this.#audioFrames,
      keyframes: this.#keyframes,
      keyframeIntervalMs: this.#keyframeIntervalMs,
      lastTimestampMs: this.#lastTimestampMs,
    };
  }
}
