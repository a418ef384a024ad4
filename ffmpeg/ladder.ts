/**
 * The ABR ladder: which video renditions one live source is encoded into.
 *
 * Sizes are named by the picture's SHORT side ("720p" is 1280x720 landscape
 * and 720x1280 portrait), so a phone's vertical stream gets the same ladder
 * turned on its side. Rules:
 * - never upscale: a rung above the source becomes one rung at the source's
 *   size, its bitrate scaled by pixel count;
 * - keep the source's display aspect ratio, both dimensions even (4:2:0);
 * - one rendition per output size: of duplicates (often left by capping) a
 *   rung asked for that very size wins, else the higher bitrate;
 * - frame rate: the source's, but at most 60 fps for 720p and up and at most
 *   30 fps below, by keeping every 2nd (3rd...) frame. 60 fps at 360p/700k
 *   halves the bits per frame (visible blocking) and doubles the encode cost
 *   of a rung meant for weak links; big rungs keep the motion smoothness that
 *   justifies their bitrate. An integer divisor keeps every kept frame on the
 *   source's timeline, so keyframes stay aligned (see keyframe-cadence.ts).
 */
import { type FieldIssue, ValidationError } from '../defs/errors.ts';

/** The source as probed: DISPLAY size (coded size times sample aspect ratio). */
export interface LadderSource {
  width: number;
  height: number;
  frameRate: number;
}

export interface RenditionRequest {
  /** Short side in pixels: the "720" of 720p. */
  shortSide: number;
  /** Average video bitrate; default ~0.1 bit per pixel per frame at 30 fps. */
  videoBitrateKbps?: number;
  /** URL-safe name for playlists; default `<shortSide>p` of the size actually encoded. */
  name?: string;
}

export interface Rendition {
  name: string;
  width: number;
  height: number;
  /** Output frame rate: the source rate divided by `frameRateDivisor`. */
  frameRate: number;
  frameRateDivisor: number;
  videoBitrateKbps: number;
  /** Peak rate the encoder's VBV enforces: what the HLS BANDWIDTH attribute should announce. */
  maxrateKbps: number;
  bufsizeKbps: number;
}

/** Bitrates for H.264 at up to 30 fps with x264 veryfast, in line with the usual live ladders (Twitch/YouTube/Apple). */
export const DEFAULT_LADDER: readonly RenditionRequest[] = [
  { shortSide: 1080, videoBitrateKbps: 6000 },
  { shortSide: 720, videoBitrateKbps: 3000 },
  { shortSide: 480, videoBitrateKbps: 1200 },
  { shortSide: 360, videoBitrateKbps: 700 },
];

export const LADDER_LIMITS = {
  maxRenditions: 8,
  sourceSide: { min: 16, max: 8192 },
  shortSide: { min: 64, max: 4320 },
  frameRate: { min: 1, max: 240 },
  videoBitrateKbps: { min: 50, max: 100_000 },
} as const;

/** Peak 10% over average: a near-CBR stream whose segment sizes track BANDWIDTH. */
const MAXRATE_FACTOR = 1.1;
/** Bits per pixel per frame at 30 fps for a request without a bitrate (the default rungs sit at ~0.1). */
const DEFAULT_BITS_PER_PIXEL = 0.1;
const MIN_DERIVED_KBPS = 100;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export function ladderFor(
  source: LadderSource,
  requested: readonly RenditionRequest[] = DEFAULT_LADDER,
): Rendition[] {
  validate(source, requested);
  const sourceShort = Math.min(source.width, source.height);
  const sourceLong = Math.max(source.width, source.height);
  const portrait = source.height > source.width;
  const candidates = requested.map((request) => {
    const capped = request.shortSide > sourceShort;
    const short = Math.max(2, floorEven(Math.min(request.shortSide, sourceShort)));
    const long = Math.max(2, Math.min(floorEven(sourceLong), roundEven((short * sourceLong) / sourceShort)));
    const videoBitrateKbps =
      request.videoBitrateKbps === undefined
        ? derivedKbps((long * short * 30 * DEFAULT_BITS_PER_PIXEL) / 1000)
        : capped
          ? // a capped rung keeps its bits per pixel: scale by the pixels it lost
            derivedKbps(request.videoBitrateKbps * (short / request.shortSide) ** 2)
          : request.videoBitrateKbps;
    const maxFrameRate = short >= 720 ? 60 : 30;
    const frameRateDivisor = Math.max(1, Math.ceil(source.frameRate / maxFrameRate - 1e-6));
    const maxrateKbps = Math.round(videoBitrateKbps * MAXRATE_FACTOR);
    const rendition: Rendition = {
      name: request.name ?? `${short}p`,
      width: portrait ? short : long,
      height: portrait ? long : short,
      frameRate: source.frameRate / frameRateDivisor,
      frameRateDivisor,
      videoBitrateKbps,
      maxrateKbps,
      // one second at peak rate: no one-second window of the stream exceeds maxrate.
      bufsizeKbps: maxrateKbps,
    };
    return { rendition, capped };
  });
  // biggest first; at one size a rung asked for that size beats one capped down to it, then the higher bitrate.
  candidates.sort(
    (a, b) =>
      b.rendition.width * b.rendition.height - a.rendition.width * a.rendition.height ||
      Number(a.capped) - Number(b.capped) ||
      b.rendition.videoBitrateKbps - a.rendition.videoBitrateKbps,
  );
  const seen = new Set<string>();
  const ladder = candidates
    .map((candidate) => candidate.rendition)
    .filter((rendition) => {
      const size = `${rendition.width}x${rendition.height}`;
      if (seen.has(size)) return false;
      seen.add(size);
      return true;
    });
  const names = new Set<string>();
  for (const rendition of ladder) {
    if (names.has(rendition.name))
      throw new ValidationError(`Rendition name "${rendition.name}" is used twice in the ladder.`, [
        { path: 'renditions', message: `duplicate name ${rendition.name}` },
      ]);
    names.add(rendition.name);
  }
  return ladder;
}

function validate(source: LadderSource, requested: readonly RenditionRequest[]): void {
  const issues: FieldIssue[] = [];
  const { sourceSide, shortSide, frameRate, videoBitrateKbps, maxRenditions } = LADDER_LIMITS;
  const integerIn = (path: string, value: unknown, range: { min: number; max: number }) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max)
      issues.push({
        path,
        message: `must be an integer in [${range.min}, ${range.max}], got ${String(value)}`,
      });
  };
  integerIn('source.width', source.width, sourceSide);
  integerIn('source.height', source.height, sourceSide);
  if (
    typeof source.frameRate !== 'number' ||
    !Number.isFinite(source.frameRate) ||
    source.frameRate < frameRate.min ||
    source.frameRate > frameRate.max
  )
    issues.push({
      path: 'source.frameRate',
      message: `must be a number in [${frameRate.min}, ${frameRate.max}], got ${String(source.frameRate)}`,
    });
  if (!Array.isArray(requested) || requested.length === 0 || requested.length > maxRenditions)
    issues.push({ path: 'renditions', message: `must list 1 to ${maxRenditions} renditions` });
  else
    requested.forEach((request, index) => {
      integerIn(`renditions[${index}].shortSide`, request?.shortSide, shortSide);
      if (request?.videoBitrateKbps !== undefined)
        integerIn(`renditions[${index}].videoBitrateKbps`, request.videoBitrateKbps, videoBitrateKbps);
      if (
        request?.name !== undefined &&
        (typeof request.name !== 'string' || !NAME_PATTERN.test(request.name))
      )
        issues.push({
          path: `renditions[${index}].name`,
          message: `must match ${NAME_PATTERN.source}, got ${JSON.stringify(request.name)}`,
        });
    });
  if (issues.length > 0)
    throw new ValidationError(
      `Invalid ABR ladder: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      issues,
    );
}

function floorEven(value: number): number {
  return Math.floor(value / 2) * 2;
}

function roundEven(value: number): number {
  return Math.round(value / 2) * 2;
}

/** Rounded to 50 kbps, at least MIN_DERIVED_KBPS. */
function derivedKbps(kbps: number): number {
  return Math.max(MIN_DERIVED_KBPS, Math.round(kbps / 50) * 50);
}
