/**
 * Per-encoder flags for one live H.264 rendition: software x264 or one of the
 * hardware encoders FFmpeg 5.1 ships (NVIDIA NVENC, Intel Quick Sync, VA-API
 * on Intel/AMD). Decoding and scaling stay on the CPU for every encoder: one
 * software decode accepts any source, and the filter graph keeps one shape;
 * only the upload into the encoder differs.
 *
 * Shared by the ladder (ladder-args.ts) and the hardware probe
 * (hardware-encoders.ts), so "the probe encode works" means "the ladder's
 * flags work".
 */

/** In order of preference when several work: NVENC's quality per watt is best; QSV beats VA-API on the same Intel GPU. */
export const HARDWARE_H264_ENCODERS = ['h264_nvenc', 'h264_qsv', 'h264_vaapi'] as const;
export type HardwareH264Encoder = (typeof HARDWARE_H264_ENCODERS)[number];
export type H264Encoder = 'libx264' | HardwareH264Encoder;

export const DEFAULT_VAAPI_DEVICE = '/dev/dri/renderD128';

export interface VideoRateControl {
  videoBitrateKbps: number;
  maxrateKbps: number;
  bufsizeKbps: number;
}

export interface GopSettings {
  /** Frames between keyframes at this rendition's own frame rate. */
  gopFrames: number;
  /** `-force_key_frames` value pinning keyframes to the same times in every rendition. */
  forceKeyFrames: string;
}

/** Global flags, before the input: the device a hardware encoder runs on. */
export function encoderDeviceArgs(encoder: H264Encoder, vaapiDevice = DEFAULT_VAAPI_DEVICE): string[] {
  // VA-API needs a device to upload frames to; NVENC and QSV open their own from system-memory frames.
  return encoder === 'h264_vaapi' ? ['-vaapi_device', vaapiDevice] : [];
}

/**
 * The 4:2:0 layout the ladder converts to once, before its split: planar
 * yuv420p for x264 and NVENC (and browsers decode 4:2:0 only), NV12 for QSV and
 * VA-API, whose hardware takes nothing else.
 */
export function encoderPixelFormat(encoder: H264Encoder): 'yuv420p' | 'nv12' {
  return encoder === 'h264_qsv' || encoder === 'h264_vaapi' ? 'nv12' : 'yuv420p';
}

/** Filters ending each rendition's branch: the pixel format (and memory) the encoder takes. */
export function encoderInputFilters(encoder: H264Encoder): string[] {
  switch (encoder) {
    case 'libx264':
    case 'h264_nvenc':
      return [];
    case 'h264_qsv':
      // pins scale's output to NV12 (format negotiation could pick another); QSV copies system-memory frames to the GPU itself.
      return ['format=nv12'];
    case 'h264_vaapi':
      // VA-API encodes only surfaces on its device: NV12, then upload.
      return ['format=nv12', 'hwupload'];
  }
}

export function videoEncoderArgs(encoder: H264Encoder, rate: VideoRateControl, gop: GopSettings): string[] {
  return [
    ...encoderTuning(encoder),
    '-profile:v',
    'high',
    // No B-frames: they add a reorder delay of at least one frame and composition
    // offsets; at live bitrates the efficiency they buy is small.
    '-bf',
    '0',
    // The encoder's own cadence equals the forced one, so it never adds a
    // keyframe between two forced ones (rate control plans for this GOP).
    '-g',
    String(gop.gopFrames),
    '-keyint_min',
    String(gop.gopFrames),
    '-force_key_frames',
    gop.forceKeyFrames,
    '-b:v',
    `${rate.videoBitrateKbps}k`,
    '-maxrate',
    `${rate.maxrateKbps}k`,
    '-bufsize',
    `${rate.bufsizeKbps}k`,
  ];
}

function encoderTuning(encoder: H264Encoder): string[] {
  switch (encoder) {
    case 'libx264':
      return [
        '-c:v',
        'libx264',
        // veryfast: the usual live trade-off; several renditions must fit a few cores.
        '-preset',
        'veryfast',
        // zerolatency: no lookahead (rc/mbtree), no frame-threading delay (sliced
        // threads instead), no B-frames. Without it x264 holds ~10+ frames
        // (~0.4 s at 30 fps) before the first byte of a frame leaves: more than
        // a whole LL-HLS part. Costs ~10-15% bitrate efficiency; worth it here.
        '-tune',
        'zerolatency',
        // scene cuts would add keyframes in one rendition and not another.
        '-sc_threshold',
        '0',
        // a forced keyframe is an IDR (closed GOP), so every segment starts decodable.
        '-forced-idr',
        '1',
      ];
    case 'h264_nvenc':
      return [
        '-c:v',
        'h264_nvenc',
        // p4 (medium) keeps several renditions real-time on one GPU; `ll` = low-latency tuning.
        '-preset',
        'p4',
        '-tune',
        'll',
        // CBR with the VBV below: what streaming services expect from NVENC.
        '-rc',
        'cbr',
        // no reordering delay in the output.
        '-zerolatency',
        '1',
        '-forced-idr',
        '1',
      ];
    case 'h264_qsv':
      return [
        '-c:v',
        'h264_qsv',
        '-preset',
        'veryfast',
        // lookahead would delay every frame by its depth.
        '-look_ahead',
        '0',
        '-forced_idr',
        '1',
      ];
    case 'h264_vaapi':
      // VA-API turns a forced I-frame into an IDR by itself; rate control mode is
      // left to the driver (CBR/VBR from the bitrates given; drivers differ).
      return ['-c:v', 'h264_vaapi'];
  }
}
