import AVPacket from 'node-media-server/src/core/avpacket.js';
import Flv from 'node-media-server/src/protocol/flv.js';
import type { FlvMetadata } from './flv-metadata.ts';

const TYPE_AUDIO = 8;
const TYPE_VIDEO = 9;
const TYPE_SCRIPT = 18;
const AUDIO_CONFIG = 0;
const AUDIO_FRAME = 1;
const VIDEO_CONFIG = 2;
const SOUND_FORMAT_EX_HEADER = 9;
const SOUND_FORMAT_AAC = 10;
const VIDEO_CODEC_AVC = 7;
const VIDEO_EX_HEADER_BIT = 0x80;

/**
 * Turns one publish's RTMP messages into an FLV byte stream that `ffmpeg -f flv -i pipe:0`
 * reads. An RTMP audio/video message body IS an FLV tag body, so node-media-server's FLV
 * muxer (the one behind its HTTP-FLV players) frames each as a tag; we only decide what
 * goes in:
 *
 *   FLV header (13 bytes, written with the first tag)
 *   [script "onMetaData"]  [video config: AVC/ex-header sequence start]  [audio config: AAC]
 *   audio / video tags, timestamps = RTMP message timestamps (composition offset stays in the body)
 *
 * Coded frames of a codec that needs a config record are held back until its config arrives,
 * so a decoder never starts without one.
 */
export class FlvFeedWriter {
  #headerWritten = false;
  #videoConfigSeen = false;
  #audioConfigSeen = false;
  /** Frames dropped because their codec's sequence header had not arrived yet. */
  droppedBeforeConfig = 0;

  /** FLV bytes for one packet, or undefined when it is not carried. `metadata` is flvMetadataOf(packet). */
  bytesFor(packet: AVPacket, metadata?: FlvMetadata): Buffer | undefined {
    const tag = this.#tagFor(packet, metadata);
    if (!tag) return undefined;
    if (this.#headerWritten) return tag;
    this.#headerWritten = true;
    // The header's flags are hints for FFmpeg's probe; metadata says which tracks exist.
    const hasAudio = metadata ? 'audiocodecid' in metadata.values : true;
    const hasVideo = metadata ? 'videocodecid' in metadata.values : true;
    const header = Flv.createHeader(hasAudio || !hasVideo, hasVideo || !hasAudio);
    return Buffer.concat([header, tag]);
  }

  #tagFor(packet: AVPacket, metadata: FlvMetadata | undefined): Buffer | undefined {
    if (packet.codec_type === TYPE_SCRIPT || packet.codec_type === 15) {
      return metadata ? Flv.createMessage(scriptPacket(packet.dts, metadata.tagBody)) : undefined;
    }
    if (packet.size === 0) return undefined;
    if (packet.codec_type === TYPE_VIDEO) {
      if (packet.flags === VIDEO_CONFIG) this.#videoConfigSeen = true;
      else if (!this.#videoConfigSeen && videoNeedsConfig(packet)) return this.#drop();
      return Flv.createMessage(packet);
    }
    if (packet.codec_type === TYPE_AUDIO) {
      if (packet.flags === AUDIO_CONFIG) this.#audioConfigSeen = true;
      else if (packet.flags === AUDIO_FRAME && !this.#audioConfigSeen && audioNeedsConfig(packet)) {
        return this.#drop();
      }
      return Flv.createMessage(packet);
    }
    return undefined;
  }

  #drop(): undefined {
    this.droppedBeforeConfig++;
    return undefined;
  }
}

function videoNeedsConfig(packet: AVPacket): boolean {
  return packet.codec_id === VIDEO_CODEC_AVC || ((packet.data[0] ?? 0) & VIDEO_EX_HEADER_BIT) !== 0;
}

function audioNeedsConfig(packet: AVPacket): boolean {
  return packet.codec_id === SOUND_FORMAT_AAC || packet.codec_id === SOUND_FORMAT_EX_HEADER;
}

function scriptPacket(dts: number, body: Buffer): AVPacket {
  const packet = new AVPacket();
  packet.codec_type = TYPE_SCRIPT;
  packet.flags = 5;
  packet.dts = dts;
  packet.pts = dts;
  packet.size = body.length;
  packet.data = body;
  return packet;
}
