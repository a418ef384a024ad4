/**
 * hlsDelivery answers a GET directly (no router) and everything else through its Hono
 * routes, with one responder behind both: the two ways must give the same responses.
 * The Hono way is forced by mounting the app in a plain parent Hono app.
 */
import { afterAll, expect, test } from 'bun:test';
import { Hono } from 'hono';
import type { TrackTimeline } from '../../packager/live/track-timeline.ts';
import { startTestOrigin } from '../../tests/harness/test-origin.ts';
import { fedPackager } from './fed-packager.test-support.ts';
import { hlsDelivery } from './hls-delivery.ts';

const STARTED = Date.UTC(2025, 0, 1, 12, 0, 0);

async function described(response: Response) {
  return {
    status: response.status,
    headers: [...response.headers.entries()].sort(([a], [b]) => a.localeCompare(b)),
    body: [...new Uint8Array(await response.arrayBuffer())],
  };
}

// 5 complete segments of 10 parts and 3 parts of the 6th, on a fixed clock.
const packager = fedPackager({
  name: 'demo',
  tracks: ['video', 'audio'],
  completeSegments: 5,
  partsInProgress: 3,
  now: () => STARTED,
});
const live = { get: (name: string) => (name === 'demo' ? packager : undefined) };
afterAll(() => packager.close());

for (const corsOrigin of ['*', 'https://player.example']) {
  test(`direct and routed answers are the same (CORS origin ${corsOrigin})`, async () => {
    const direct = hlsDelivery({ live, corsOrigin });
    const routed = new Hono().route('/hls', hlsDelivery({ live, corsOrigin }));
    const run = packager.runId;
    const media = `demo/video/${run}`;
    const cases: [string, Record<string, string>][] = [
      ['demo/index.m3u8', {}],
      ['demo/video.m3u8', {}],
      ['demo/video.m3u8', { 'accept-encoding': 'gzip, deflate' }],
      ['demo/video.m3u8', { origin: 'https://player.example' }],
      ['demo/video.m3u8', { origin: 'https://elsewhere.example' }],
      ['demo/audio.m3u8?_HLS_msn=5&_HLS_part=1', {}],
      ['demo/video.m3u8?_HLS_msn=5&_HLS_part=2&_HLS_skip=YES', {}],
      ['demo/video.m3u8?_HLS_part=1', {}],
      ['demo/video.m3u8?_HLS_msn=99', {}],
      ['demo/nope.m3u8', {}],
      ['other/video.m3u8', {}],
      [`${media}/init.mp4`, {}],
      [`${media}/init-1.mp4`, {}],
      [`${media}/4.m4s`, {}],
      [`${media}/4.m4s`, { range: 'bytes=10-19' }],
      [`${media}/4.m4s`, { range: 'bytes=99999-' }],
      [`${media}/4.m4s`, { 'if-none-match': `"${run}-video-4.m4s"` }],
      [`${media}/4.3.m4s`, { origin: 'https://player.example' }],
      [`${media}/4.3.m4s`, { range: 'bytes=-5' }],
      [`${media}/5.1.m4s`, {}],
      [`${media}/0.m4s`, {}],
      ['demo/video/oldrun/4.m4s', {}],
    ];
    for (const [path, headers] of cases) {
      const viaDirect = await described(
        await direct.fetch(new Request(`http://origin/${path}`, { headers })),
      );
      const viaRouter = await described(
        await routed.fetch(new Request(`http://origin/hls/${path}`, { headers })),
      );
      expect({ path, sent: headers, ...viaDirect }).toEqual({ path, sent: headers, ...viaRouter });
    }
  });
}

test('a held part is answered on both ways the moment it lands', async () => {
  const direct = hlsDelivery({ live, corsOrigin: '*' });
  const routed = new Hono().route('/hls', hlsDelivery({ live, corsOrigin: '*' }));
  const path = `demo/video/${packager.runId}/5.3.m4s`;
  const heldDirect = direct.fetch(new Request(`http://origin/${path}`));
  const heldRouted = routed.fetch(new Request(`http://origin/hls/${path}`));
  const playlist = direct.fetch(new Request('http://origin/demo/video.m3u8?_HLS_msn=5&_HLS_part=3'));
  const video = packager.tracks.video as TrackTimeline;
  video.addPart(
    {
      kind: 'partComplete',
      segmentIndex: 5,
      partIndex: 3,
      startTime: 10.6,
      duration: 0.2,
      startTicks: 0,
      durationTicks: 0,
      independent: false,
      bytes: Uint8Array.from([1, 2, 3]),
    },
    STARTED + 10_000,
    false,
  );
  const [a, b, c] = await Promise.all([heldDirect, heldRouted, playlist]);
  expect(await described(a)).toEqual(await described(b));
  expect(a.status).toBe(200);
  expect(await c.text()).toContain(`URI="video/${packager.runId}/5.3.m4s"`);
});

test('mounted in the origin, direct answers keep the request id and the route metrics', async () => {
  await using origin = await startTestOrigin();
  const given = await fetch(`${origin.url}/hls/nothing/video.m3u8`, {
    headers: { 'x-request-id': 'abc-123' },
  });
  expect(given.status).toBe(404);
  expect(given.headers.get('x-request-id')).toBe('abc-123');
  expect(((await given.json()) as { requestId?: string }).requestId).toBe('abc-123');
  const fresh = await fetch(`${origin.url}/hls/nothing/video/run/1.m4s`);
  expect(fresh.headers.get('x-request-id')).toBeString();
  expect(fresh.headers.get('access-control-allow-origin')).toBe('*');
  const metrics = await (await fetch(`${origin.url}/metrics`)).text();
  expect(metrics).toContain(
    'tidewater_http_requests_total{method="GET",route="/hls/:name/:playlist{[a-z0-9-]{1,32}\\\\.m3u8}",status="404"} 1',
  );
  expect(metrics).toContain(
    'tidewater_http_requests_total{method="GET",route="/hls/:name/:track{[a-z0-9-]{1,32}}/:run/:file{init(-\\\\d+)?\\\\.mp4|\\\\d+(\\\\.\\\\d+)?\\\\.m4s}",status="404"} 1',
  );
});
