/**
 * LL-DASH from the same chunks as LL-HLS, on the demo stream: the MPD carries what
 * dash.js needs for low latency, its URLs are the HLS media files, the in-progress
 * segment arrives in chunks long before it is complete, and every representation's
 * segments decode and start with a keyframe.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { parse } from 'mpd-parser';
import { startTestOrigin, type TestOrigin, testConfig } from '../harness/test-origin.ts';
import { waitFor } from '../harness/wait-for.ts';

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin(testConfig({ demo: { enabled: true } }));
  await waitFor(
    async () => (await (await fetch(`${origin.url}/hls/demo/video.m3u8`)).text()).split('#EXTINF').length > 2,
    30_000,
    'two complete demo segments',
  );
});
afterAll(() => origin?.[Symbol.asyncDispose]());

const mpdUrl = () => `${origin.url}/dash/demo/manifest.mpd`;

test('the MPD is dynamic LL-DASH with a latency target, a clock, and early-available chunked segments', async () => {
  const res = await fetch(mpdUrl());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/dash+xml');
  const text = await res.text();
  expect(text).toContain('type="dynamic"');
  expect(text).toContain('availabilityTimeComplete="false"');
  expect(text).toMatch(/availabilityTimeOffset="\d+(\.\d+)?"/);
  expect(text).toMatch(/<ServiceDescription[\s\S]*<Latency [^>]*target="\d+"/);
  expect(text).toContain(
    `<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="${origin.url}/time"`,
  );
  const clock = await (await fetch(`${origin.url}/time`)).text();
  expect(Math.abs(Date.parse(clock) - Date.now())).toBeLessThan(1000);

  const manifest = parse(text, { manifestUri: mpdUrl() });
  const video = manifest.playlists[0];
  expect(video?.attributes.RESOLUTION).toEqual({ width: 1280, height: 720 });
  const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((group) => Object.values(group))[0];
  expect(audio?.playlists[0]?.segments.length).toBeGreaterThan(0);
  // The same media files as LL-HLS.
  expect(video?.segments[0]?.resolvedUri).toMatch(
    new RegExp(`^${origin.url}/hls/demo/video/[a-z0-9]+/\\d+\\.m4s$`),
  );
});

test('every representation decodes segment by segment, each starting with a keyframe', async () => {
  const manifest = parse(await (await fetch(mpdUrl())).text(), { manifestUri: mpdUrl() });
  const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((group) => Object.values(group));
  const playlists = [...manifest.playlists, ...audio.flatMap((a) => a.playlists)];
  for (const playlist of playlists) {
    // The last two listed are the one in progress and the one announced: check complete ones.
    for (const segment of playlist.segments.slice(-4, -2)) {
      const init = await (await fetch(segment.map?.resolvedUri as string)).bytes();
      const media = await (await fetch(segment.resolvedUri)).bytes();
      const probe = Bun.spawnSync(
        ['ffprobe', '-v', 'error', '-show_entries', 'packet=flags,codec_type', '-of', 'csv=p=0', '-'],
        { stdin: new Uint8Array([...init, ...media]) },
      );
      expect(probe.exitCode).toBe(0);
      const packets = probe.stdout.toString().trim().split('\n');
      expect(packets.length).toBeGreaterThan(10);
      expect(packets[0]).toMatch(/,K/);
    }
  }
}, 30_000);

test('the in-progress segment streams: first bytes arrive long before the last, and equal the segment', async () => {
  // Ask right as a segment begins (the preload hint names its first or second part).
  const hint = await waitFor(
    async () => {
      const playlist = await (await fetch(`${origin.url}/hls/demo/video.m3u8`)).text();
      const match = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(video\/[a-z0-9]+)\/(\d+)\.(\d+)\.m4s"/.exec(
        playlist,
      );
      return match && Number(match[3]) <= 1 ? match : undefined;
    },
    10_000,
    'a segment that just began',
    10,
  );
  const url = `${origin.url}/hls/demo/${hint[1]}/${hint[2]}.m4s`;
  const started = performance.now();
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const chunks: { at: number; bytes: Uint8Array }[] = [];
  for await (const chunk of res.body as ReadableStream<Uint8Array>)
    chunks.push({ at: performance.now(), bytes: chunk });
  const firstAt = (chunks[0]?.at ?? 0) - started;
  const lastAt = (chunks.at(-1)?.at ?? 0) - started;
  // A 2 s segment: its first part comes within a part or so, the last about a segment later.
  expect(chunks.length).toBeGreaterThan(3);
  expect(lastAt - firstAt).toBeGreaterThan(800);
  const streamed = new Uint8Array(chunks.reduce((n, c) => n + c.bytes.length, 0));
  let offset = 0;
  for (const c of chunks) {
    streamed.set(c.bytes, offset);
    offset += c.bytes.length;
  }
  const complete = await (await fetch(url)).bytes();
  expect(streamed.length).toBe(complete.length);
  expect(Bun.hash(streamed)).toBe(Bun.hash(complete));
}, 30_000);

test('the MPD lists the segment being made and announces the next before it begins (dash.js reloads it once a second)', async () => {
  const hintOf = async () => {
    const playlist = await (await fetch(`${origin.url}/hls/demo/video.m3u8`)).text();
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="video\/[a-z0-9]+\/(\d+)\.(\d+)\.m4s"/.exec(playlist);
    return hint ? { msn: Number(hint[1]), part: Number(hint[2]) } : undefined;
  };
  const newestInMpd = async () => {
    const manifest = parse(await (await fetch(mpdUrl())).text(), { manifestUri: mpdUrl() });
    return Number(/(\d+)\.m4s$/.exec(manifest.playlists[0]?.segments.at(-1)?.resolvedUri ?? '')?.[1]);
  };
  for (let round = 0; round < 3; round++) {
    // Right after a segment completed (the next has no part yet), a player polls the MPD...
    const gap = await waitFor(
      async () => {
        const hint = await hintOf();
        return hint?.part === 0 ? hint : undefined;
      },
      10_000,
      'the moment between two segments',
      5,
    );
    // ...and already finds the next segment listed, though it has no part yet...
    expect(await newestInMpd()).toBeGreaterThanOrEqual(gap.msn);
    // ...and once its first part exists, the one after it is announced.
    await waitFor(async () => ((await hintOf())?.part ?? 0) >= 1, 10_000, 'the first part', 5);
    expect(await newestInMpd()).toBeGreaterThanOrEqual(gap.msn + 1);
  }
}, 40_000);

test('a request for the segment after the one in progress is held until it begins, not refused', async () => {
  // dash.js a little ahead of our clock asks for the next segment early; a 404 there stalled it.
  const playlist = await (await fetch(`${origin.url}/hls/demo/video.m3u8`)).text();
  const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(video\/[a-z0-9]+)\/(\d+)\.(\d+)\.m4s"/.exec(playlist);
  if (!hint) throw new Error('no preload hint');
  const [, dir, msnText] = hint;
  // The hinted part's segment is in progress (or about to be): ask for the one after it.
  const next = Number(msnText) + 1;
  const asked = performance.now();
  const response = await fetch(`${origin.url}/hls/demo/${dir}/${next}.m4s`);
  expect(response.status).toBe(200);
  const bytes = await response.bytes();
  // it arrived once that segment was made: held, then streamed to its end
  expect(performance.now() - asked).toBeGreaterThan(200);
  expect(bytes.length).toBeGreaterThan(1000);
});
