/**
 * The ABR ladder on the demo stream (demo.ladder = on): one FFmpeg encodes 720p, 480p
 * and 360p from the demo picture; LL-HLS lists a variant per rendition with rendition
 * reports across all of them, LL-DASH one Representation each; renditions cut segments
 * at the same keyframes, so a player switching at a segment boundary decodes cleanly.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { parse } from 'mpd-parser';
import { startTestOrigin, type TestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

type MediaPlaylist = InstanceType<typeof HLS.types.MediaPlaylist>;
const renditions = ['video-720p', 'video-480p', 'video-360p'];
let origin: TestOrigin;

beforeAll(async () => {
  origin = await startTestOrigin(
    testConfig({ demo: { enabled: true, ladder: 'on' }, media: { thumbnailInterval: '1s' } }),
  );
  await waitFor(
    async () => {
      for (const id of renditions) {
        const text = await (await fetch(`${origin.url}/hls/demo/${id}.m3u8`)).text();
        if (text.split('#EXTINF').length < 4) return false;
      }
      return true;
    },
    40_000,
    'three complete segments in every rendition',
  );
}, 60_000);
afterAll(() => origin?.[Symbol.asyncDispose]());

const playlist = async (id: string) =>
  HLS.parse(await (await fetch(`${origin.url}/hls/demo/${id}.m3u8`)).text()) as MediaPlaylist;

test('a variant per rendition, best first, with rendition reports across all of them', async () => {
  const multivariant = HLS.parse(
    await (await fetch(`${origin.url}/hls/demo/index.m3u8`)).text(),
  ) as InstanceType<typeof HLS.types.MasterPlaylist>;
  expect(multivariant.variants.map((v) => v.resolution)).toEqual([
    { width: 1280, height: 720 },
    { width: 854, height: 480 },
    { width: 640, height: 360 },
  ]);
  const bandwidths = multivariant.variants.map((v) => v.bandwidth);
  expect(bandwidths[0]).toBeGreaterThan(bandwidths[1] as number);
  expect(bandwidths[1]).toBeGreaterThan(bandwidths[2] as number);
  const text = await (await fetch(`${origin.url}/hls/demo/video-480p.m3u8`)).text();
  for (const other of ['video-720p.m3u8', 'video-360p.m3u8', 'audio.m3u8'])
    expect(text).toContain(`#EXT-X-RENDITION-REPORT:URI="${other}"`);
});

test('renditions cut at the same keyframes: same MSNs, same durations, each segment starts with an IDR', async () => {
  const lists = await Promise.all(renditions.map(playlist));
  const complete = (p: MediaPlaylist) => p.segments.filter((s) => s.uri);
  const reference = complete(lists[0] as MediaPlaylist);
  for (const list of lists.slice(1)) {
    for (const segment of complete(list)) {
      const same = reference.find((s) => s.mediaSequenceNumber === segment.mediaSequenceNumber);
      if (same) expect(Math.abs(same.duration - segment.duration)).toBeLessThan(0.002);
    }
  }
  // Switching 720p -> 360p at a boundary: the 360p segment starts with a keyframe exactly
  // where the 720p one ended.
  const high = complete(lists[0] as MediaPlaylist).at(-2);
  const low = complete(lists[2] as MediaPlaylist).find(
    (s) => s.mediaSequenceNumber === (high?.mediaSequenceNumber ?? -1) + 1,
  );
  if (!high || !low) throw new Error('no adjacent segments');
  const probe = async (segment: (typeof reference)[number], id: string) => {
    const base = `${origin.url}/hls/demo/`;
    const init = await (await fetch(new URL(segment.map?.uri ?? '', base))).bytes();
    const media = await (await fetch(new URL(segment.uri, base))).bytes();
    const out = Bun.spawnSync(
      ['ffprobe', '-v', 'error', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', '-'],
      { stdin: new Uint8Array([...init, ...media]) },
    );
    expect(out.exitCode).toBe(0);
    const packets = out.stdout.toString().trim().split('\n');
    expect(packets[0]).toMatch(/,K/);
    expect(segment.uri).toContain(`${id}/`);
    return packets.map((line) => Number(line.split(',')[0]));
  };
  const highTimes = await probe(high, 'video-720p');
  const lowTimes = await probe(low, 'video-360p');
  const frame = 1 / 30;
  expect(Math.abs((lowTimes[0] as number) - ((highTimes.at(-1) as number) + frame))).toBeLessThan(0.002);
}, 30_000);

test('LL-DASH: one video AdaptationSet with a Representation per rendition', async () => {
  const url = `${origin.url}/dash/demo/manifest.mpd`;
  const manifest = parse(await (await fetch(url)).text(), { manifestUri: url });
  expect(manifest.playlists.map((p) => p.attributes.RESOLUTION?.height).sort()).toEqual([360, 480, 720]);
  for (const p of manifest.playlists) {
    const id = `video-${p.attributes.RESOLUTION?.height}p`;
    // The last two are the segment in progress and the one announced after it.
    expect(p.segments.at(-3)?.resolvedUri).toMatch(new RegExp(`/hls/demo/${id}/[a-z0-9]+/\\d+\\.m4s$`));
    expect((await fetch(p.segments.at(-3)?.resolvedUri as string)).status).toBe(200);
  }
}, 30_000);

test('no hardware encoder works on this machine: the ladder runs on x264 and the status says why', async () => {
  const list = (await (await origin.api('/api/v1/streams?name=demo')).json()) as { items: { id: string }[] };
  const status = (await (await origin.api(`/api/v1/streams/${list.items[0]?.id}/status`)).json()) as {
    media: { encoder: string; encoderReason: string; renditions: string[] };
  };
  expect(status.media.renditions).toEqual(renditions);
  expect(status.media.encoder).toBe('libx264');
  // Debian's FFmpeg lists NVENC, QSV and VA-API; none can open here (no GPU), and each says why.
  expect(status.media.encoderReason).toMatch(/^libx264: no working hardware encoder \(.*h264_nvenc/);
});

test('a ladder stream has a preview image, from its best rendition', async () => {
  const res = await waitFor(
    async () => {
      const r = await fetch(`${origin.url}/thumbnails/demo.jpg`);
      return r.ok ? r : undefined;
    },
    10_000,
    'the thumbnail',
  );
  expect(res.headers.get('content-type')).toBe('image/jpeg');
});
