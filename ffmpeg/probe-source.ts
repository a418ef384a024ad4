/**
 * What a publisher sends, read from its first bytes with ffprobe: picture size and frame
 * rate, so a ladder can be sized to the source (never upscaled) before encoding starts.
 */
export interface ProbedSource {
  width: number;
  height: number;
  frameRate: number;
  hasAudio: boolean;
  /** The first audio stream's codec (e.g. `aac`, `mp3`), when there is one. */
  audioCodec?: string;
}

export async function probeSource(
  bytes: Uint8Array,
  format: 'flv' | 'mpegts',
  options: { timeoutMs?: number; binary?: string } = {},
): Promise<ProbedSource> {
  const proc = Bun.spawn(
    [
      options.binary ?? 'ffprobe',
      '-v',
      'error',
      '-f',
      format,
      '-show_entries',
      'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate',
      '-of',
      'json',
      '-i',
      'pipe:0',
    ],
    { stdin: bytes, stdout: 'pipe', stderr: 'pipe' },
  );
  const killer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 5000);
  try {
    const [text, error] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    await proc.exited;
    const streams = (JSON.parse(text || '{}') as { streams?: Record<string, unknown>[] }).streams ?? [];
    const video = streams.find((s) => s.codec_type === 'video');
    const width = Number(video?.width);
    const height = Number(video?.height);
    if (!video || !(width > 0) || !(height > 0))
      throw new Error(
        `no video stream found in the first ${bytes.length} bytes${error ? `: ${error.trim()}` : ''}`,
      );
    const frameRate = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) ?? 30;
    const audio = streams.find((s) => s.codec_type === 'audio');
    return {
      width,
      height,
      frameRate,
      hasAudio: audio !== undefined,
      audioCodec: audio?.codec_name as string,
    };
  } finally {
    clearTimeout(killer);
  }
}

/** "30000/1001" -> 29.97; undefined for "0/0" or nonsense. */
function rate(value: unknown): number | undefined {
  const [num, den] = String(value ?? '')
    .split('/')
    .map(Number);
  const result = den ? (num as number) / den : Number.NaN;
  return Number.isFinite(result) && result > 0 && result <= 240 ? result : undefined;
}
