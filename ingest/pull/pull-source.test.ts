/**
 * A pull source against a real RTMP server (ffmpeg in listen mode): media arrives at the
 * gate as MPEG-TS; when the server goes away the feed ends and the pull retries until
 * the server is back.
 */
import { expect, test } from 'bun:test';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { RecordingPublishGate } from '../recording-publish-gate.ts';
import { PullSource } from './pull-source.ts';

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

test('pulls an RTMP source as MPEG-TS, and re-pulls after the source comes back', async () => {
  const port = await freePort();
  const url = `rtmp://127.0.0.1:${port}/live/secret-key-in-path`;
  const serve = () => startTestPublisher({ output: ['-f', 'flv', '-listen', '1', url] });
  const gate = new RecordingPublishGate([{ streamKey: 'sk_x', name: 'pulled' }]);
  const feeds = gate.feeds;
  const pull = new PullSource({
    url,
    streamKey: 'sk_x',
    streamName: 'pulled',
    gate,
    retryDelayMs: 200,
    maxRetryDelayMs: 500,
  });
  {
    await using _server = serve();
    pull.start();
    await waitFor(() => (feeds[0]?.bytes ?? 0) > 50_000, 20_000, 'pulled bytes');
    expect(feeds[0]?.chunks[0]?.[0]).toBe(0x47); // MPEG-TS sync byte
    expect(gate.opened[0]).toMatchObject({ protocol: 'pull', container: 'mpegts', streamKey: 'sk_x' });
    // The key in the URL's path never reaches status or logs.
    expect(gate.opened[0]?.remoteAddress).toBe(`rtmp://127.0.0.1:${port}`);
  }
  await waitFor(() => feeds[0]?.endReason, 15_000, 'the feed to end when the server goes');
  {
    // ffmpeg's RTMP listener accepts one client per run; the pull keeps retrying until it is back.
    await using _server = serve();
    await waitFor(() => (feeds.at(-1)?.bytes ?? 0) > 50_000 && feeds.length >= 2, 20_000, 'a second pull');
  }
  await pull.close();
  expect(pull.state).toBe('stopped');
}, 60_000);

test('an unsupported scheme is refused at construction', () => {
  const gate = new RecordingPublishGate([]);
  expect(() => new PullSource({ url: 'file:///etc/passwd', streamKey: 'k', streamName: 'x', gate })).toThrow(
    /cannot pull file:/,
  );
});
