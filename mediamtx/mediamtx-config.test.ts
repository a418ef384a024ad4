import { afterEach, expect, test } from 'bun:test';
import { resolve } from 'node:path';
import type { Server } from 'bun';
import { Hono } from 'hono';
import type { AuthorizeResult } from '../defs/ingest.ts';
import { hookSecretHeader } from '../ingest/mediamtx/hook-secret.ts';
import { mediamtxHookApp, mediamtxHookRoutes } from '../ingest/mediamtx/mediamtx-hook-app.ts';
import type { MediamtxPathEvent } from '../ingest/mediamtx/path-event-body.ts';

/**
 * MediaMTX is mocked here because it cannot be installed or run on this machine. The test
 * reads mediamtx.yml and does what MediaMTX does with it, as documented: POSTs the auth
 * body to `authHTTPAddress` (docs "Authentication > External HTTP server"), and runs the
 * runOnReady / runOnNotReady commands the way internal/externalcmd does (split the line
 * with shell quoting rules, no shell, then expand $VARS in each word from the hook's
 * environment: MTX_PATH, MTX_SOURCE_TYPE, MTX_SOURCE_ID, then the process environment).
 * The commands run for real (curl) against the hook app mounted where the origin mounts it.
 */
const config = Bun.YAML.parse(await Bun.file(resolve(import.meta.dir, 'mediamtx.yml')).text()) as Record<
  string,
  unknown
>;
const pathDefaults = config.pathDefaults as Record<string, unknown>;
const originBase = 'http://origin:8080/ingest/mediamtx';
const mountPath = new URL(originBase).pathname;

test('ingest protocols on, viewer protocols off, API on :9997', () => {
  expect(config).toMatchObject({
    rtmp: true,
    srt: true,
    rtsp: true,
    rtspAddress: ':8554',
    hls: false,
    webrtc: false,
    api: true,
    apiAddress: ':9997',
  });
});

test('auth goes to the hook app /auth for everything, the API included', () => {
  expect(config.authMethod).toBe('http');
  expect(config.authHTTPAddress).toBe(`${originBase}${mediamtxHookRoutes.auth}`);
  expect(config.authHTTPExclude).toEqual([]);
});

test('only live/<key> paths exist, and they take publishers', () => {
  const paths = Object.keys(config.paths as object);
  expect(paths).toEqual(['~^live/[A-Za-z0-9._~-]+$']);
  const pattern = new RegExp((paths[0] ?? '').slice(1));
  expect(pattern.test('live/sk_abc-DEF.1~')).toBe(true);
  expect(pattern.test('live/a/b')).toBe(false);
  expect(pathDefaults.source).toBe('publisher');
});

/** go-shellquote's Split, which MediaMTX uses: quotes group, backslash escapes, no shell. */
function splitLikeShell(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      word ??= '';
      for (i++; line.charAt(i) !== '"'; i++) {
        if (i >= line.length) throw new Error('unterminated double quote');
        if (line.charAt(i) === '\\' && '$`"\\\n'.includes(line.charAt(i + 1))) i++;
        word += line.charAt(i);
      }
    } else if (char === '\\') {
      word = (word ?? '') + line.charAt(++i);
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Go's os.Expand as MediaMTX calls it: the hook's variables first, then the environment. */
function expandLikeMediamtx(word: string, env: Record<string, string>): string {
  return word.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_, braced, bare) => env[braced ?? bare] ?? '');
}

let server: Server<unknown> | undefined;
afterEach(() => {
  server?.stop(true);
  server = undefined;
});

const secret = 'compose-hook-secret-0123456789';
const key = 'sk_ComposeKey1234567890ab';

function originWithHooks() {
  const events: string[] = [];
  const received: MediamtxPathEvent[] = [];
  const authorize = (): AuthorizeResult => ({
    ok: true,
    stream: { streamId: 's1', streamName: 'Main', srtLatencyMs: 120 },
  });
  const origin = new Hono();
  origin.route(
    mountPath,
    mediamtxHookApp({
      gate: { authorize },
      sharedSecret: secret,
      onPathReady: (path, event) => {
        events.push(`ready ${path}`);
        received.push(event);
      },
      onPathNotReady: (path) => void events.push(`not-ready ${path}`),
    }),
  );
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: origin.fetch });
  return { origin, events, received, address: `http://127.0.0.1:${server.port}` };
}

test('the auth URL reaches /auth of the app mounted at /ingest/mediamtx', async () => {
  const { origin } = originWithHooks();
  const response = await origin.request(new URL(config.authHTTPAddress as string).pathname, {
    method: 'POST',
    body: JSON.stringify({
      user: '',
      password: '',
      token: '',
      ip: '203.0.113.9',
      action: 'publish',
      path: `live/${key}`,
      protocol: 'rtmp',
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      query: '',
    }),
  });
  expect(response.status).toBe(200);
});

test.skipIf(!Bun.which('curl'))(
  'runOnReady and runOnNotReady, run as MediaMTX runs them, fire the hooks with the path, source and secret',
  async () => {
    const { events, received, address } = originWithHooks();
    const hookEnv = {
      TIDEWATER_HOOK_SECRET: secret,
      MTX_PATH: `live/${key}`,
      MTX_SOURCE_TYPE: 'rtmpConn',
      MTX_SOURCE_ID: '2f1c8a2e-8d4e-4e55-9a57-1c0f6f7b3d10',
      MTX_QUERY: '',
      RTSP_PORT: '8554',
    };
    for (const [name, route] of [
      ['runOnReady', mediamtxHookRoutes.ready],
      ['runOnNotReady', mediamtxHookRoutes.notReady],
    ] as const) {
      const argv = splitLikeShell(pathDefaults[name] as string).map((word) =>
        expandLikeMediamtx(word, hookEnv),
      );
      expect(argv[0]).toBe('curl');
      expect(argv.at(-1)).toBe(`${originBase}${route}`);
      expect(argv.find((word) => word.toLowerCase().startsWith(`${hookSecretHeader}:`))).toEndWith(
        `: ${secret}`,
      );
      // Same command, pointed at this test's origin instead of the compose host name.
      const target = argv.map((word) => word.replace('http://origin:8080', address));
      const curl = Bun.spawn(target, { stdout: 'pipe', stderr: 'pipe' });
      const exitCode = await curl.exited;
      if (exitCode !== 0) console.error(await new Response(curl.stderr).text());
      expect(exitCode).toBe(0);
    }
    expect(events).toEqual([`ready live/${key}`, `not-ready live/${key}`]);
    expect(received[0]).toEqual({
      streamKey: key,
      sourceType: 'rtmpConn',
      sourceId: '2f1c8a2e-8d4e-4e55-9a57-1c0f6f7b3d10',
    });
  },
  30_000,
);

test.skipIf(!Bun.which('curl'))(
  'without the secret in its environment the hook fails (curl -f) and nothing fires',
  async () => {
    const { events, address } = originWithHooks();
    const argv = splitLikeShell(pathDefaults.runOnReady as string)
      .map((word) =>
        expandLikeMediamtx(word, { MTX_PATH: `live/${key}`, MTX_SOURCE_TYPE: 'srtConn', MTX_SOURCE_ID: 'x' }),
      )
      .map((word) => word.replace('http://origin:8080', address));
    const curl = Bun.spawn(argv, { stdout: 'pipe', stderr: 'pipe' });
    expect(await curl.exited).not.toBe(0);
    expect(events).toEqual([]);
  },
  30_000,
);

test('the quoting splitter reads what MediaMTX reads', () => {
  expect(splitLikeShell(`a 'b c' "d \\"e\\" $F" g\\ h`)).toEqual(['a', 'b c', 'd "e" $F', 'g h']);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Go's ${VAR} expansion, not a JS template
  expect(expandLikeMediamtx('{"p":"$MTX_PATH","q":"${X}"}', { MTX_PATH: 'live/k' })).toBe(
    '{"p":"live/k","q":""}',
  );
});
