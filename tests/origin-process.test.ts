import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './harness/wait-for.ts';

/** The origin as operators run it: a real process, real signals, a real data directory. */
const mainTs = resolve(import.meta.dir, '../origin/main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'tidewater-process-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface OriginProcess {
  proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

function collect(stream: ReadableStream<Uint8Array>): () => string {
  let text = '';
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  })();
  return () => text;
}

async function spawnOrigin(env: Record<string, string>): Promise<OriginProcess> {
  const proc = Bun.spawn(['bun', mainTs], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TIDEWATER_HTTP_HOST: '127.0.0.1',
      TIDEWATER_HTTP_PORT: '0',
      TIDEWATER_STORAGE_DATA_DIR: dataDir,
      TIDEWATER_DEMO_ENABLED: 'false',
      ...env,
    },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const stdout = collect(proc.stdout);
  const stderr = collect(proc.stderr);
  const url = await waitFor(
    () => /running at (http:\/\/\S+)/.exec(stdout())?.[1],
    15_000,
    `the origin to print its URL (stderr: ${stderr()})`,
  );
  return { proc, url, stdout, stderr };
}

let adminKey = '';

test('first start prints where things are and a generated admin key, once', async () => {
  const origin = await spawnOrigin({});
  const out = origin.stdout();
  expect(out).toContain(`API reference  ${origin.url}/api/v1/reference`);
  expect(out).toContain(`Console        ${origin.url}/`);
  adminKey = /Admin API key \(shown once; store it now\): (\S+)/.exec(out)?.[1] ?? '';
  expect(adminKey).toMatch(/^tw_/);
  origin.proc.kill('SIGTERM');
  expect(await origin.proc.exited).toBe(0);
  // The log says how it stopped, and never contains the key.
  expect(origin.stdout()).toContain('"msg":"stopped"');
  expect(origin.stdout().split(adminKey).length).toBe(2); // printed exactly once, in the banner
});

test('streams survive a clean restart and a crash, with the same key', async () => {
  const first = await spawnOrigin({});
  expect(first.stdout()).not.toContain('Admin API key'); // not generated again
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const created = (await (
    await fetch(`${first.url}/api/v1/streams`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'durable' }),
    })
  ).json()) as Record<string, string>;
  expect(first.stdout()).not.toContain(created.streamKey as string);
  first.proc.kill('SIGTERM');
  expect(await first.proc.exited).toBe(0);

  const second = await spawnOrigin({});
  const again = (await (
    await fetch(`${second.url}/api/v1/streams/${created.id}`, { headers })
  ).json()) as Record<string, string>;
  expect(again.streamKey).toBe(created.streamKey);
  const other = (await (
    await fetch(`${second.url}/api/v1/streams`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'crash-proof' }),
    })
  ).json()) as Record<string, string>;
  second.proc.kill('SIGKILL'); // a crash: no shutdown code runs
  await second.proc.exited;

  const third = await spawnOrigin({});
  const survived = (await (
    await fetch(`${third.url}/api/v1/streams/${other.id}`, { headers })
  ).json()) as Record<string, string>;
  expect(survived.streamKey).toBe(other.streamKey);
  third.proc.kill('SIGINT');
  expect(await third.proc.exited).toBe(0);
});

test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
  const key = 'an-environment-admin-key-123456';
  const origin = await spawnOrigin({ TIDEWATER_AUTH_ADMIN_KEY: key });
  const { hostname, port } = new URL(origin.url);
  const body = '{"name":"finished-after-sigterm"}';
  let response = '';
  const socket = await Bun.connect({
    hostname,
    port: Number(port),
    socket: {
      data: (_s, chunk) => {
        response += chunk.toString();
      },
    },
  });
  // Headers and half the body: the request is now in flight, waiting for the rest.
  socket.write(
    `POST /api/v1/streams HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  await waitFor(
    async () => {
      const metrics = await (await fetch(`${origin.url}/metrics`)).text();
      return Number(/tidewater_http_requests_in_flight (\d+)/.exec(metrics)?.[1]) >= 2; // ours + this /metrics call
    },
    5000,
    'the slow request to be in flight',
  );
  origin.proc.kill('SIGTERM');
  socket.write(body.slice(10));
  await waitFor(() => response.includes('\r\n\r\n{'), 5000, 'the response');
  expect(response).toStartWith('HTTP/1.1 201');
  expect(await origin.proc.exited).toBe(0);
  socket.end();
});

test('a bad config value stops start-up naming the key, the value and what is allowed', async () => {
  const proc = Bun.spawn(['bun', mainTs], {
    env: { PATH: process.env.PATH ?? '', TIDEWATER_HTTP_PORT: 'eighty', TIDEWATER_STORAGE_DATA_DIR: dataDir },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  expect(await proc.exited).toBe(2);
  const stderr = await new Response(proc.stderr).text();
  expect(stderr).toContain('http.port (TIDEWATER_HTTP_PORT)');
  expect(stderr).toContain('"eighty"');
  expect(stderr).toContain('expected number');
});
