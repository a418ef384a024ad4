/**
 * Which H.264 encoder the ladder should use on this machine.
 *
 * FFmpeg LISTS an encoder when it was built with it (Debian's lists NVENC, QSV
 * and VA-API everywhere); it WORKS only with the GPU, driver and device node
 * present. So each listed hardware encoder gets a short test encode with the
 * ladder's own flags (video-encoder-args.ts), bounded by a timeout since a
 * wedged driver can hang; the first that works wins, else libx264.
 */
import { parseEncoders } from './capabilities.ts';
import { keyframeCadence } from './keyframe-cadence.ts';
import {
  encoderDeviceArgs,
  encoderInputFilters,
  encoderPixelFormat,
  type H264Encoder,
  HARDWARE_H264_ENCODERS,
  type HardwareH264Encoder,
  videoEncoderArgs,
} from './video-encoder-args.ts';

export interface HardwareEncoderProbeOptions {
  /** The FFmpeg to ask; tests pass a fake script. */
  binary?: string;
  /** Bound on each FFmpeg run (listing, each test encode). */
  timeoutMs?: number;
  /** Which hardware encoders to consider, in order of preference. */
  candidates?: readonly HardwareH264Encoder[];
  vaapiDevice?: string;
}

export interface HardwareEncoderProbe {
  encoder: HardwareH264Encoder;
  listed: boolean;
  works: boolean;
  /** Why it is not usable: not listed, or what the test encode said. */
  problem?: string;
}

export interface VideoEncoderChoice {
  encoder: H264Encoder;
  /** One line for the start-up log: why this encoder, and why not each hardware one. */
  reason: string;
  probes: HardwareEncoderProbe[];
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** Every candidate probed (for diagnostics); rejects when the encoder list cannot be read. `chooseVideoEncoder` stops at the first that works. */
export async function probeHardwareEncoders(
  options: HardwareEncoderProbeOptions = {},
): Promise<HardwareEncoderProbe[]> {
  const listed = await listedEncoders(options);
  const probes: HardwareEncoderProbe[] = [];
  for (const encoder of options.candidates ?? HARDWARE_H264_ENCODERS)
    probes.push(await probeOne(encoder, listed, options));
  return probes;
}

export async function chooseVideoEncoder(
  options: HardwareEncoderProbeOptions = {},
): Promise<VideoEncoderChoice> {
  let listed: Set<string>;
  try {
    listed = await listedEncoders(options);
  } catch (error) {
    return { encoder: 'libx264', reason: `libx264: cannot list encoders (${messageOf(error)})`, probes: [] };
  }
  const probes: HardwareEncoderProbe[] = [];
  for (const encoder of options.candidates ?? HARDWARE_H264_ENCODERS) {
    const probe = await probeOne(encoder, listed, options);
    probes.push(probe);
    if (probe.works) {
      const skipped = probes.filter((p) => !p.works).map(describeProblem);
      return {
        encoder,
        reason: [`${encoder}: test encode succeeded`, ...skipped].join('; '),
        probes,
      };
    }
  }
  const why = probes.length > 0 ? probes.map(describeProblem).join('; ') : 'no hardware encoder considered';
  return { encoder: 'libx264', reason: `libx264: no working hardware encoder (${why})`, probes };
}

/** 10 frames of a small test pattern through the ladder's flags for `encoder`, to the null muxer. */
export function hardwareTestEncodeArgs(encoder: H264Encoder, vaapiDevice?: string): string[] {
  const frameRate = { num: 25, den: 1 };
  const cadence = keyframeCadence({ intervalSeconds: 1, frameRate, frameRateDivisors: [1] });
  const filters = [`format=${encoderPixelFormat(encoder)}`, ...encoderInputFilters(encoder)];
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    ...encoderDeviceArgs(encoder, vaapiDevice),
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=256x144:rate=25',
    '-frames:v',
    '10',
    '-vf',
    filters.join(','),
    ...videoEncoderArgs(
      encoder,
      { videoBitrateKbps: 300, maxrateKbps: 330, bufsizeKbps: 330 },
      { gopFrames: cadence.gopFrames, forceKeyFrames: cadence.forceKeyFrames },
    ),
    '-f',
    'null',
    '-',
  ];
}

async function listedEncoders(options: HardwareEncoderProbeOptions): Promise<Set<string>> {
  const run = await runFfmpeg(options, ['-hide_banner', '-encoders']);
  if (!run.ok) throw new Error(`-encoders: ${run.problem}`);
  return new Set(parseEncoders(run.stdout).map((encoder) => encoder.name));
}

async function probeOne(
  encoder: HardwareH264Encoder,
  listed: ReadonlySet<string>,
  options: HardwareEncoderProbeOptions,
): Promise<HardwareEncoderProbe> {
  if (!listed.has(encoder)) return { encoder, listed: false, works: false, problem: 'not listed by ffmpeg' };
  const run = await runFfmpeg(options, hardwareTestEncodeArgs(encoder, options.vaapiDevice));
  return run.ok
    ? { encoder, listed: true, works: true }
    : { encoder, listed: true, works: false, problem: run.problem };
}

type FfmpegRun = { ok: true; stdout: string } | { ok: false; problem: string };

async function runFfmpeg(options: HardwareEncoderProbeOptions, args: string[]): Promise<FfmpegRun> {
  const binary = options.binary ?? 'ffmpeg';
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let proc: ReturnType<typeof Bun.spawn<'ignore', 'pipe', 'pipe'>>;
  try {
    proc = Bun.spawn([binary, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    return { ok: false, problem: `cannot start ${binary}: ${messageOf(error)}` };
  }
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (proc.signalCode !== null)
    return { ok: false, problem: `killed by ${proc.signalCode} (timeout ${timeoutMs} ms?)` };
  if (code !== 0) return { ok: false, problem: firstErrorLine(stderr) ?? `exited with code ${code}` };
  return { ok: true, stdout };
}

/** `[h264_nvenc @ 0x55d0...] Cannot load libcuda.so.1` -> `Cannot load libcuda.so.1`: the specific cause comes first. */
function firstErrorLine(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .map((text) => text.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim())
    .find((text) => text.length > 0);
  return line === undefined ? undefined : line.slice(0, 200);
}

function describeProblem(probe: HardwareEncoderProbe): string {
  return `${probe.encoder}: ${probe.problem ?? 'unusable'}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
