import { afterEach, expect, test } from 'bun:test';
import { ChunkedRelay } from './g2g-dash-relay.ts';

const servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

function serveRelay(relay = new ChunkedRelay()) {
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (req) => relay.handle(req, new URL(req.url).pathname.slice(1)),
  });
  servers.push(server);
  return { relay, url: (path: string) => `http://127.0.0.1:${server.port}/${path}` };
}

/** An upload whose body the test feeds chunk by chunk, as FFmpeg's chunked PUT does. */
function upload(url: string) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const done = fetch(url, { method: 'PUT', body, duplex: 'half' } as RequestInit);
  return {
    send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => {
      controller.close();
      return done;
    },
  };
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, expected: string): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  while (!text.includes(expected)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

test('a file still being uploaded is served as it grows, and ends when the upload ends', async () => {
  const { url, relay } = serveRelay();
  const put = upload(url('seg-1.m4s'));
  put.send('first;');
  // The upload has started once the relay has its first chunk: then a reader may join.
  const deadline = Date.now() + 20_000;
  let res = await fetch(url('seg-1.m4s'));
  while (res.status === 404 && Date.now() < deadline) res = await fetch(url('seg-1.m4s'));
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  expect(await readUntil(reader, 'first;')).toBe('first;');
  put.send('second;');
  expect(await readUntil(reader, 'second;')).toBe('second;');
  expect((await put.end()).status).toBe(201);
  expect((await reader.read()).done).toBe(true);
  expect(relay.completedSegments).toBe(1);
  expect(await (await fetch(url('seg-1.m4s'))).text()).toBe('first;second;');
}, 20_000);

test('a manifest being rewritten serves its last complete version', async () => {
  const { url, relay } = serveRelay();
  const first = upload(url('manifest.mpd'));
  first.send('<MPD v1/>');
  await first.end();
  const second = upload(url('manifest.mpd'));
  second.send('<MPD v2');
  const deadline = Date.now() + 20_000;
  while (relay.uploads < 2 && Date.now() < deadline) await Bun.sleep(5);
  expect(await (await fetch(url('manifest.mpd'))).text()).toBe('<MPD v1/>');
  second.send('/>');
  await second.end();
  expect(await (await fetch(url('manifest.mpd'))).text()).toBe('<MPD v2/>');
});

test('unknown files are 404, deleted ones too, and odd paths are refused', async () => {
  const { url } = serveRelay();
  expect((await fetch(url('nothing.m4s'))).status).toBe(404);
  const put = upload(url('old.m4s'));
  put.send('x');
  await put.end();
  expect((await fetch(url('old.m4s'), { method: 'DELETE' })).status).toBe(204);
  expect((await fetch(url('old.m4s'))).status).toBe(404);
  expect((await fetch(url('a%2F..%2Fb'))).status).toBe(400);
});
