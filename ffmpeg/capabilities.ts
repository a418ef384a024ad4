/**
 * What the installed FFmpeg can do: encoders, hardware accelerators and the
 * mp4 muxer options our live outputs rely on. Parsers are pure; `probeCapabilities`
 * and `isRunnable` run the binary.
 */

export interface EncoderInfo {
  name: string;
  kind: 'video' | 'audio' | 'subtitle';
  description: string;
}

export interface FfmpegCapabilities {
  version: string;
  encoders: EncoderInfo[];
  hwaccels: string[];
  mp4Muxer: {
    /** `-movflags +frag_every_frame`: one fragment per sample. */
    fragEveryFrame: boolean;
    /** `-write_prft wallclock`: producer reference time boxes. */
    writePrft: boolean;
    cmaf: boolean;
  };
}

/** `ffmpeg version 5.1.9-0+deb12u1 Copyright ...` -> `5.1.9-0+deb12u1`. */
export function parseVersion(versionOutput: string): string {
  const match = /^ffmpeg version (\S+)/m.exec(versionOutput);
  if (!match?.[1]) throw new Error(`not FFmpeg version output: ${versionOutput.slice(0, 120)}`);
  return match[1];
}

/** Lines after ` ------` look like ` V....D libx264   libx264 H.264 / AVC ...`. */
export function parseEncoders(encodersOutput: string): EncoderInfo[] {
  const kinds = { V: 'video', A: 'audio', S: 'subtitle' } as const;
  const body = encodersOutput.split(/^\s*-+\s*$/m)[1] ?? '';
  const encoders: EncoderInfo[] = [];
  for (const line of body.split('\n')) {
    const match = /^\s*([VAS])[.A-Z]{5}\s+(\S+)\s+(.*)$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    encoders.push({
      name: match[2],
      kind: kinds[match[1] as keyof typeof kinds],
      description: (match[3] ?? '').trim(),
    });
  }
  return encoders;
}

/** `Hardware acceleration methods:` followed by one name per line. */
export function parseHwaccels(hwaccelsOutput: string): string[] {
  const body = hwaccelsOutput.split(/Hardware acceleration methods:\s*\n/)[1] ?? '';
  return body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z0-9_]+$/.test(line));
}

/** Reads `ffmpeg -h muxer=mp4`. */
export function parseMp4MuxerHelp(helpOutput: string): FfmpegCapabilities['mp4Muxer'] {
  return {
    fragEveryFrame: /^\s+frag_every_frame\s/m.test(helpOutput),
    writePrft: /^\s+-write_prft\s/m.test(helpOutput),
    cmaf: /^\s+cmaf\s/m.test(helpOutput),
  };
}

export async function probeCapabilities(binary = 'ffmpeg'): Promise<FfmpegCapabilities> {
  const [version, encoders, hwaccels, mp4] = await Promise.all([
    runForOutput(binary, ['-version']),
    runForOutput(binary, ['-hide_banner', '-encoders']),
    runForOutput(binary, ['-hide_banner', '-hwaccels']),
    runForOutput(binary, ['-hide_banner', '-h', 'muxer=mp4']),
  ]);
  return {
    version: parseVersion(version),
    encoders: parseEncoders(encoders),
    hwaccels: parseHwaccels(hwaccels),
    mp4Muxer: parseMp4MuxerHelp(mp4),
  };
}

/** For health checks: the version string, or an error that says what is wrong. */
export async function isRunnable(binary = 'ffmpeg', timeoutMs = 5000): Promise<string> {
  return `ffmpeg ${parseVersion(await runForOutput(binary, ['-version'], timeoutMs))}`;
}

async function runForOutput(binary: string, args: string[], timeoutMs = 10_000): Promise<string> {
  let proc: ReturnType<typeof Bun.spawn<'ignore', 'pipe', 'pipe'>>;
  try {
    proc = Bun.spawn([binary, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    throw new Error(`cannot start ${binary}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (proc.signalCode !== null)
    throw new Error(`${binary} ${args.join(' ')} killed by ${proc.signalCode} (timeout ${timeoutMs} ms?)`);
  if (code !== 0)
    throw new Error(
      `${binary} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  return stdout;
}
