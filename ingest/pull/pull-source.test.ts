/**
 * A pull source against a real RTMP server (ffmpeg in listen mode): media arrives at the
 * gate as MPEG-TS; when the server goes away the feed ends and the pull retries until
 * the server is back.
 */
import { expect, test } from 'bun:test';
import type { IngestFeed, PublishGate, PublishRequest } from '../../defs/ingest.ts';
import { startTestPublisher } from '../../tests/harness/test-publisher.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { PullSource } from './pull-source.ts';

/** Our own port, faked: records every publisher the pull opens and what it writes. */
function recordingGate() {
  const opened: { request: PublishRequest; bytes: number; first?: number; ended?: string }[] = [];
  const gate: Pick<PublishGate, 'open'> = {
    open(request) {
      const entry: (typeof opened)[number] = { request, bytes: 0 };
      opened.push(entry);
      const feed: IngestFeed = {
        stream: { streamId: 'str_x', streamName: 'pulled', srtLatencyMs: 120 },
        write(bytes) {
          entry.first ??= bytes[0];
          entry.bytes += bytes.length;
          return true;
        },
        reportStats() {},
        end(reason) {
          entry.ended ??= reason;
        },
        onClose() {},
      };
      return { ok: true, feed };
    },
  };
  return { gate, opened };
}

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
  const { gate, opened } = recordingGate();
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
    await waitFor(() => (opened[0]?.bytes ?? 0) > 50_000, 20_000, 'pulled bytes');
    expect(opened[0]?.first).toBe(0x47); // MPEG-TS sync byte
    expect(opened[0]?.request).toMatchObject({ protocol: 'pull', container: 'mpegts', streamKey: 'sk_x' });
    // The key in the URL's path never reaches status or logs.
    expect(opened[0]?.request.remoteAddress).toBe(`rtmp://127.0.0.1:${port}`);
  }
  await waitFor(() => opened[0]?.ended, 15_000, 'the feed to end when the server goes');
  {
    // ffmpeg's RTMP listener accepts one client per run; the pull keeps retrying until it is back.
    await using _server = serve();
    await waitFor(() => (opened.at(-1)?.bytes ?? 0) > 50_000 && opened.length >= 2, 20_000, 'a second pull');
  }
  await pull.close();
  expect(pull.state).toBe('stopped');
}, 60_000);

test('an unsupported scheme is refused at construction', () => {
  const { gate } = recordingGate();
  expect(() => new PullSource({ url: 'file:///etc/passwd', streamKey: 'k', streamName: 'x', gate })).toThrow(
    /cannot pull file:/,
  );
});
