/**
 * The delivery feeds the viewer tally: HLS playlists (about once a second per player for
 * blocking reloads, which come for every part), DASH MPDs; never media, never unknown streams.
 */
import { afterAll, expect, test } from 'bun:test';
import { dashDelivery } from './dash-delivery.ts';
import { fedPackager } from './fed-packager.test-support.ts';
import { hlsDelivery } from './hls-delivery.ts';
import { ViewerTally } from './viewer-tally.ts';

// One video track, segment 0 with 8 parts of 0.2 s in progress.
const packager = fedPackager({ name: 'cam', tracks: ['video'], completeSegments: 0, partsInProgress: 8 });
const live = { get: (name: string) => (name === 'cam' ? packager : undefined) };
afterAll(() => packager.close());

const get = (
  app: { fetch: (request: Request) => Response | Promise<Response> },
  path: string,
  agent: string,
) => app.fetch(new Request(`http://origin${path}`, { headers: { 'user-agent': agent } }));

test('HLS playlists are tallied, one blocking request in five parts (a second of 0.2 s parts); media and unknown streams are not', async () => {
  const tally = new ViewerTally();
  const hls = hlsDelivery({ live, corsOrigin: '*', viewers: tally });
  expect((await get(hls, '/cam/index.m3u8', 'a')).status).toBe(200);
  expect((await get(hls, '/cam/video.m3u8', 'b')).status).toBe(200);
  expect((await get(hls, '/cam/video.m3u8?_HLS_msn=0&_HLS_part=5', 'c')).status).toBe(200);
  expect(tally.counts('cam')).toEqual({ hls: 3, dash: 0 });
  // Parts 1-4 and 6-7 are not looked at: those players were seen (or will be) at 0 and 5.
  for (const part of [1, 2, 3, 4, 6, 7])
    expect((await get(hls, `/cam/video.m3u8?_HLS_msn=0&_HLS_part=${part}`, `x${part}`)).status).toBe(200);
  expect((await get(hls, `/cam/video/${packager.runId}/0.1.m4s`, 'media-only')).status).toBe(200);
  expect((await get(hls, '/elsewhere/video.m3u8', 'lost')).status).toBe(404);
  expect(tally.counts('cam').hls).toBe(3);
  expect(tally.counts('elsewhere')).toEqual({ hls: 0, dash: 0 });
  // A malformed part number is not tallied (the request itself is refused with 400).
  expect((await get(hls, '/cam/video.m3u8?_HLS_msn=0&_HLS_part=x', 'bad')).status).toBe(400);
  expect(tally.counts('cam').hls).toBe(3);
});

test('DASH MPD requests of a stream that exists are tallied per client', async () => {
  const tally = new ViewerTally();
  const dash = dashDelivery({ live, corsOrigin: '*', timeUrl: () => 'http://origin/time', viewers: tally });
  // This packager is too bare for an MPD (503, starting): a player polling it still watches.
  for (const agent of ['a', 'a', 'b'])
    expect((await get(dash, '/cam/manifest.mpd', agent)).status).not.toBe(404);
  expect((await get(dash, '/nope/manifest.mpd', 'c')).status).toBe(404);
  expect(tally.counts('cam')).toEqual({ hls: 0, dash: 2 });
  expect(tally.counts('nope')).toEqual({ hls: 0, dash: 0 });
});
