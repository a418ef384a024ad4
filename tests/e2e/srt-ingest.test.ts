/**
 * SRT ingest end to end, through libsrt in the origin process: ffmpeg publishes as an
 * SRT caller with the stream id and the stream's passphrase; LL-HLS appears; a wrong
 * passphrase or key is refused in the handshake; SRT statistics reach the status API.
 * Then the other direction: a stream whose source URL is an SRT listener is pulled.
 */
import { expect, test } from 'bun:test';
import { startTestOrigin } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

const passphrase = 'correct horse battery';

test('SRT publish with stream id and passphrase goes live; wrong ones are refused; stats are shown', async () => {
  await using origin = await startTestOrigin();
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'field-camera', srtPassphrase: passphrase, srtLatencyMs: 200 },
  });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as { id: string; streamKey: string; ingest: { srt: string } };
  expect(stream.ingest.srt).toBe(
    `srt://127.0.0.1:${origin.ingestPorts.srt}?streamid=publish:${stream.streamKey}`,
  );
  const srtUrl = (streamId: string, secret: string) =>
    // ffmpeg 5.1 takes SRT URL option values as written (no percent-decoding).
    `srt://127.0.0.1:${origin.ingestPorts.srt}?streamid=${streamId}&passphrase=${secret}&pbkeylen=16`;
  const publish = (url: string) => startTestPublisher({ output: ['-f', 'mpegts', url] });

  const wrongPassphrase = publish(srtUrl(`publish:${stream.streamKey}`, 'not the passphrase'));
  const wrongKey = publish(srtUrl('publish:sk_unknown_0123456789', passphrase));
  expect(await wrongKey.exited).not.toBe(0);
  expect(await wrongPassphrase.exited).not.toBe(0);

  await using _encoder = publish(srtUrl(`#!::r=${stream.streamKey},m=publish`, passphrase));
  await waitFor(
    async () => (await (await fetch(`${origin.url}/hls/field-camera/video.m3u8`)).text()).includes('#EXTINF'),
    20_000,
    'a segment from the SRT publisher',
  );
  const status = await waitFor(
    async () => {
      const body = (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
        ingest: { state: string; protocol: string; protocolStats: Record<string, number> };
      };
      return (body.ingest.protocolStats.packetsReceived ?? 0) > 0 ? body : undefined;
    },
    10_000,
    'SRT statistics',
  );
  expect(status.ingest).toMatchObject({ state: 'live', protocol: 'srt' });
  expect(status.ingest.protocolStats.latencyMs).toBe(200);
  expect(status.ingest.protocolStats.receiveRateMbps).toBeGreaterThan(0);
}, 60_000);

test('a stream whose source is a remote SRT listener is pulled in-process', async () => {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port; // a free port number for the remote listener (UDP, same number free enough)
  probe.stop(true);
  // ffmpeg as the remote SRT listener (its latency is in microseconds).
  await using _remote = startTestPublisher({
    output: ['-f', 'mpegts', `srt://127.0.0.1:${port}?mode=listener&latency=120000`],
  });
  await using origin = await startTestOrigin();
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'remote', sourceUrl: `srt://127.0.0.1:${port}?latency=120` },
  });
  const stream = (await created.json()) as { id: string };
  await waitFor(
    async () => (await (await fetch(`${origin.url}/hls/remote/video.m3u8`)).text()).includes('#EXT-X-PART'),
    20_000,
    'parts from the SRT pull',
  );
  const status = (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
    ingest: { protocol: string; remoteAddress: string; protocolStats: Record<string, number> };
  };
  expect(status.ingest).toMatchObject({ protocol: 'pull', remoteAddress: `srt://127.0.0.1:${port}` });
}, 60_000);
