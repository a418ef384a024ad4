import { describe, expect, test } from 'bun:test';
import { ValidationError } from '../defs/errors.ts';
import { DEFAULT_LADDER, type LadderSource, ladderFor, type RenditionRequest } from './ladder.ts';

/** `name WxH@fps bitrate/maxrate/bufsize` per rendition: one line a rendition reads like a ladder table. */
function summary(source: LadderSource, requested?: readonly RenditionRequest[]): string[] {
  return ladderFor(source, requested).map(
    (r) =>
      `${r.name} ${r.width}x${r.height}@${Number(r.frameRate.toFixed(3))}/${r.frameRateDivisor} ${r.videoBitrateKbps}/${r.maxrateKbps}/${r.bufsizeKbps}`,
  );
}

describe('ladderFor', () => {
  const cases: { title: string; source: LadderSource; requested?: RenditionRequest[]; want: string[] }[] = [
    {
      title: '1080p30 source: the whole default ladder, source frame rate, 10% peak over average',
      source: { width: 1920, height: 1080, frameRate: 30 },
      want: [
        '1080p 1920x1080@30/1 6000/6600/6600',
        '720p 1280x720@30/1 3000/3300/3300',
        '480p 854x480@30/1 1200/1320/1320',
        '360p 640x360@30/1 700/770/770',
      ],
    },
    {
      title:
        '720p60 source: never upscaled; the capped 1080p rung duplicates 720p and goes; small rungs at 30 fps',
      source: { width: 1280, height: 720, frameRate: 60 },
      want: [
        '720p 1280x720@60/1 3000/3300/3300',
        '480p 854x480@30/2 1200/1320/1320',
        '360p 640x360@30/2 700/770/770',
      ],
    },
    {
      title:
        'a source between rungs gets one rung at its own size, bitrate scaled by pixels (59.94 halves exactly)',
      source: { width: 960, height: 540, frameRate: 59.94 },
      want: [
        '540p 960x540@29.97/2 1700/1870/1870',
        '480p 854x480@29.97/2 1200/1320/1320',
        '360p 640x360@29.97/2 700/770/770',
      ],
    },
    {
      title: 'portrait: sizes named by the short side, aspect kept',
      source: { width: 720, height: 1280, frameRate: 30 },
      want: [
        '720p 720x1280@30/1 3000/3300/3300',
        '480p 480x854@30/1 1200/1320/1320',
        '360p 360x640@30/1 700/770/770',
      ],
    },
    {
      title: '4:3 source, odd height: even dimensions, never above the source',
      source: { width: 640, height: 481, frameRate: 25 },
      want: ['480p 638x480@25/1 1200/1320/1320', '360p 480x360@25/1 700/770/770'],
    },
    {
      title: 'a source at 360p: an exact 360p rung beats rungs capped down to it',
      source: { width: 640, height: 360, frameRate: 25 },
      want: ['360p 640x360@25/1 700/770/770'],
    },
    {
      title: 'a tiny source still gets one rendition at its size, with a floor bitrate',
      source: { width: 160, height: 90, frameRate: 120 },
      want: ['90p 160x90@30/4 100/110/110'],
    },
    {
      title: 'requests: unordered, named, bitrate derived when absent, exact duplicates dropped',
      source: { width: 1920, height: 1080, frameRate: 50 },
      requested: [
        { shortSide: 240 },
        { shortSide: 720, videoBitrateKbps: 4500, name: 'hd' },
        { shortSide: 240, videoBitrateKbps: 250 },
        { shortSide: 1080, videoBitrateKbps: 8000 },
      ],
      want: [
        '1080p 1920x1080@50/1 8000/8800/8800',
        'hd 1280x720@50/1 4500/4950/4950',
        '240p 426x240@25/2 300/330/330',
      ],
    },
  ];
  for (const { title, source, requested, want } of cases)
    test(title, () => {
      expect(summary(source, requested)).toEqual(want);
    });

  test('the default ladder is the documented one', () => {
    expect(DEFAULT_LADDER.map((r) => `${r.shortSide}p ${r.videoBitrateKbps}k`)).toEqual([
      '1080p 6000k',
      '720p 3000k',
      '480p 1200k',
      '360p 700k',
    ]);
  });

  test('bad input is a ValidationError naming every bad field', () => {
    let error: unknown;
    try {
      ladderFor({ width: 0, height: 1080.5, frameRate: Number.NaN }, [
        { shortSide: 20 },
        { shortSide: 720, videoBitrateKbps: -1, name: '../x' },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'source.width',
      'source.height',
      'source.frameRate',
      'renditions[0].shortSide',
      'renditions[1].videoBitrateKbps',
      'renditions[1].name',
    ]);
    expect((error as Error).message).toContain('source.width must be an integer in [16, 8192], got 0');
  });

  test('no renditions, too many, or one name twice are refused', () => {
    const source = { width: 1920, height: 1080, frameRate: 30 };
    expect(() => ladderFor(source, [])).toThrow(/renditions must list 1 to 8 renditions/);
    expect(() =>
      ladderFor(
        source,
        Array.from({ length: 9 }, (_, i) => ({ shortSide: 100 + i * 2 })),
      ),
    ).toThrow(/1 to 8/);
    expect(() =>
      ladderFor(source, [
        { shortSide: 720, name: 'main' },
        { shortSide: 480, name: 'main' },
      ]),
    ).toThrow(/"main" is used twice/);
  });
});
