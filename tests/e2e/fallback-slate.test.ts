/**
 * The fallback slate: while a publisher is away (within the reconnect grace), the stream
 * keeps advancing with a "resume shortly" card, and continues with the publisher when
 * it returns; each switch is an EXT-X-DISCONTINUITY.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

type MediaPlaylist = InstanceType<typeof HLS.types.MediaPlaylist>;
const lastMsn = (p: MediaPlaylist) => (p.mediaSequenceBase ?? 0) + p.segments.length - 1;
const discontinuities = (p: MediaPlaylist) =>
  (p.discontinuitySequenceBase ?? 0) + p.segments.filter((s) => s.discontinuity).length;

test('the slate fills the gap while the publisher is away, then the publisher continues', async () => {
  await using origin = await startTestOrigin(
    testConfig({ ingest: { reconnectGrace: '60s', silenceTimeout: '1s', fallbackSlate: true } }),
  );
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'slated' } });
  const stream = (await created.json()) as { id: string; udpPort: number };
  const playlist = async () => {
    const res = await fetch(`${origin.url}/hls/slated/video.m3u8`);
    return res.ok ? (HLS.parse(await res.text()) as MediaPlaylist) : undefined;
  };
  const publish = () =>
    startTestPublisher({ output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`] });

  {
    await using _encoder = publish();
    await waitFor(async () => ((await playlist())?.segments.length ?? 0) >= 2, 20_000, 'the live stream');
  }
  const atDrop = (await playlist()) as MediaPlaylist;
  // Publisher gone: the slate takes over and the playlist keeps growing.
  const slated = await waitFor(
    async () => {
      const p = await playlist();
      return p && discontinuities(p) >= 1 && lastMsn(p) >= lastMsn(atDrop) + 2 ? p : undefined;
    },
    20_000,
    'slate segments after a discontinuity',
  );
  expect(slated.endlist).toBe(false);
  // The newest complete segment (hls-parser lists the in-progress one, parts only, last).
  const slateSegment = slated.segments.findLast((s) => s.uri);
  // The slate's encoder settings differ from the publisher's: its own init, a new EXT-X-MAP.
  expect(slateSegment?.map?.uri).toEndWith('init-1.mp4');
  const init = await (
    await fetch(new URL(slateSegment?.map?.uri ?? '', `${origin.url}/hls/slated/`))
  ).bytes();
  const media = await (await fetch(new URL(slateSegment?.uri ?? '', `${origin.url}/hls/slated/`))).bytes();
  const probe = Bun.spawnSync(
    [
      'ffprobe',
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      '-',
    ],
    { stdin: new Uint8Array([...init, ...media]) },
  );
  // The slate matches the stream's picture, so players do not see a size change.
  expect(probe.stdout.toString().trim()).toBe('320,240');
  expect((await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()).ingest.state).toBe(
    'reconnecting',
  );

  {
    await using _encoder = publish();
    await waitFor(
      async () => {
        const p = await playlist();
        return p && discontinuities(p) >= discontinuities(slated) + 1 && lastMsn(p) > lastMsn(slated);
      },
      20_000,
      'the publisher to continue after the slate',
    );
    expect((await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()).ingest.state).toBe(
      'live',
    );
  }
}, 90_000);
