import { expect, test } from 'bun:test';
import { LivePackager } from '../../packager/live/live-packager.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { hlsDelivery } from './hls-delivery.ts';

test('a held part request is answered at once when the stream ends, not at its timeout', async () => {
  // Never started: the timelines exist but no part will ever arrive.
  const packager = new LivePackager({
    name: 'ending',
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments: 6,
    tracks: ['video'],
    ffmpegArgs: () => ['-version'],
  });
  const app = hlsDelivery({
    live: { get: (name) => (name === 'ending' ? packager : undefined) },
    corsOrigin: '*',
  });
  const started = performance.now();
  const held = app.fetch(new Request(`http://origin/ending/video/${packager.runId}/0.0.m4s`));
  await waitFor(() => packager.tracks.video?.changed.waiting === 1, 2000, 'the part request to be held');
  await packager.close();
  const res = await held;
  expect(res.status).toBe(404);
  expect(performance.now() - started).toBeLessThan(1000); // the timeout would be 6 s
});
