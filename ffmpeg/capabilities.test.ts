import { describe, expect, test } from 'bun:test';
import {
  isRunnable,
  parseEncoders,
  parseHwaccels,
  parseMp4MuxerHelp,
  parseVersion,
  probeCapabilities,
} from './capabilities.ts';

// Excerpts of ffmpeg 5.1 output (Debian bookworm).
const ENCODERS = `Encoders:
 V..... = Video
 A..... = Audio
 S..... = Subtitle
 .F.... = Frame-level multithreading
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)
 A..... aac                  AAC (Advanced Audio Coding)
 A..X.. opus                 Opus
 S..... webvtt               WebVTT subtitle
`;
const HWACCELS = `Hardware acceleration methods:
vdpau
cuda
vaapi

`;
const MP4_HELP = `Muxer mp4 [MP4 (MPEG-4 Part 14)]:
  -movflags          <flags>      E.......... MOV muxer flags (default 0)
     frag_keyframe                E.......... Fragment at video keyframes
     frag_every_frame              E.......... Fragment at every frame
     cmaf                         E.......... Write CMAF compatible fragmented MP4
  -write_prft        <int>        E.......... Write producer reference time box with specified time source (from 0 to 2) (default 0)
`;

describe('capability parsers', () => {
  test('encoders with kind, name and description; the legend is skipped', () => {
    expect(parseEncoders(ENCODERS)).toEqual([
      {
        name: 'libx264',
        kind: 'video',
        description: 'libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)',
      },
      { name: 'h264_vaapi', kind: 'video', description: 'H.264/AVC (VAAPI) (codec h264)' },
      { name: 'aac', kind: 'audio', description: 'AAC (Advanced Audio Coding)' },
      { name: 'opus', kind: 'audio', description: 'Opus' },
      { name: 'webvtt', kind: 'subtitle', description: 'WebVTT subtitle' },
    ]);
  });

  test('hwaccels, version and mp4 muxer options', () => {
    expect(parseHwaccels(HWACCELS)).toEqual(['vdpau', 'cuda', 'vaapi']);
    expect(parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1');
    expect(() => parseVersion('bash: ffmpeg: command not found')).toThrow(/not FFmpeg/);
    expect(parseMp4MuxerHelp(MP4_HELP)).toEqual({ fragEveryFrame: true, writePrft: true, cmaf: true });
    expect(parseMp4MuxerHelp('Muxer mp4:\n     frag_keyframe   E...\n')).toEqual({
      fragEveryFrame: false,
      writePrft: false,
      cmaf: false,
    });
  });
});

describe('against the installed ffmpeg', () => {
  test('probe finds libx264, aac and the live fMP4 options', async () => {
    const caps = await probeCapabilities();
    expect(caps.version).toMatch(/^\d+\.\d+/);
    expect(caps.encoders.map((e) => e.name)).toEqual(expect.arrayContaining(['libx264', 'aac']));
    expect(caps.mp4Muxer).toEqual({ fragEveryFrame: true, writePrft: true, cmaf: true });
  });

  test('isRunnable returns the version or says what is wrong', async () => {
    expect(await isRunnable()).toMatch(/^ffmpeg \d+\.\d+/);
    await expect(isRunnable('/nonexistent/ffmpeg')).rejects.toThrow(/cannot start \/nonexistent\/ffmpeg/);
    await expect(isRunnable('false')).rejects.toThrow(/exited with 1/);
  });
});
