/**
 * RTMP ingest end to end, the way OBS publishes: server rtmp://host:port/live, stream
 * key as the stream name. Real ffmpeg publishers against the origin's embedded RTMP
 * listener; LL-HLS out.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

test('OBS-style RTMP publish goes live; a wrong key and a second publisher are refused; disabling kicks', async () => {
  await using origin = await startTestOrigin(testConfig({ ingest: { reconnectGrace: '10s' } }));
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'obs' } });
  const stream = (await created.json()) as {
    id: string;
    streamKey: string;
    ingest: { obs: { server: string } };
  };
  const server = stream.ingest.obs.server;
  const publish = (key: string) => startTestPublisher({ output: ['-f', 'flv', `${server}/${key}`] });

  // A wrong key: the encoder is refused before any media flows.
  const intruder = publish('sk_wrong_key_0123456789');
  expect(await intruder.exited).not.toBe(0);
  expect(
    new TextDecoder().decode(await new Response(intruder.stderr as ReadableStream<Uint8Array>).arrayBuffer()),
  ).toContain('unknown stream key');

  await using encoder = publish(stream.streamKey);
  const playlist = await waitFor(
    async () => {
      const res = await fetch(`${origin.url}/hls/obs/video.m3u8`);
      if (!res.ok) return undefined;
      const parsed = HLS.parse(await res.text()) as InstanceType<typeof HLS.types.MediaPlaylist>;
      return parsed.segments.length >= 2 ? parsed : undefined;
    },
    20_000,
    'two segments from the RTMP publisher',
  );
  expect(playlist.segments.length).toBeGreaterThanOrEqual(2);
  const status = (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
    ingest: { state: string; protocol: string; remoteAddress: string; protocolStats: Record<string, number> };
    media: { width: number; videoCodec: string };
  };
  expect(status.ingest).toMatchObject({ state: 'live', protocol: 'rtmp' });
  expect(status.ingest.remoteAddress).toStartWith('127.0.0.1:');
  expect(status.media).toMatchObject({ width: 320 });
  expect(status.media.videoCodec).toStartWith('avc1.');

  // The stream refuses a second publisher by default (publisherPolicy: reject).
  const second = publish(stream.streamKey);
  expect(await second.exited).not.toBe(0);
  expect(encoder.exitCode).toBeNull();

  const metrics = await (await fetch(`${origin.url}/metrics`)).text();
  expect(metrics).toContain('tidewater_ingest_publish_refused_total{protocol="rtmp",status="401"} 1');
  expect(metrics).toContain('tidewater_ingest_publish_refused_total{protocol="rtmp",status="409"} 1');

  // Disabling the stream disconnects its publisher and ends the stream.
  expect((await origin.api(`/api/v1/streams/${stream.id}/disable`, { method: 'POST' })).status).toBe(200);
  await waitFor(() => encoder.exitCode !== null, 10_000, 'the publisher to be disconnected');
  await waitFor(
    async () => (await (await fetch(`${origin.url}/hls/obs/video.m3u8`)).text()).includes('#EXT-X-ENDLIST'),
    10_000,
    'ENDLIST after the kick',
  );
}, 60_000);
