import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, type ConfigInput, configSchema } from '../../origin/config/schema.ts';
import { createLogger } from '../../origin/logger.ts';
import { type RunningOrigin, startOrigin } from '../../origin/start-origin.ts';

export const testAdminKey = 'test-admin-key-0123456789abcdef';

/** A config for tests: loopback, port 0, a fresh data directory, no demo, a known admin key. */
export function testConfig(
  overrides: Partial<{ [K in keyof ConfigInput]: Partial<NonNullable<ConfigInput[K]>> }> = {},
): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidewater-test-'));
  return configSchema.parse({
    ...overrides,
    http: { host: '127.0.0.1', port: 0, shutdownGrace: '2s', ...overrides.http },
    ingest: { host: '127.0.0.1', rtmpPort: 0, srtPort: 0, ...udpRange(), ...overrides.ingest },
    storage: { dataDir, ...overrides.storage },
    auth: { adminKey: testAdminKey, ...overrides.auth },
    demo: { enabled: false, ladder: 'off', ...overrides.demo },
    log: { level: 'silent', ...overrides.log },
  });
}

/** A UDP port range of its own per test origin, so origins in one run do not contend for ports. */
function udpRange(): { udpPortMin: number; udpPortMax: number } {
  const min = 20_000 + Math.floor(Math.random() * 2000) * 20;
  return { udpPortMin: min, udpPortMax: min + 19 };
}

export interface TestOrigin extends RunningOrigin {
  config: Config;
  /** fetch relative to the origin, with the admin key unless `key` is given (null: no key). */
  api(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startTestOrigin(
  config: Config = testConfig(),
  options: { keepData?: boolean } = {},
): Promise<TestOrigin> {
  const origin = await startOrigin(config, createLogger(config.log.level));
  const api: TestOrigin['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    const key = init.key === undefined ? testAdminKey : init.key;
    if (key !== null) headers.set('authorization', `Bearer ${key}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${origin.url}${path}`, { ...init, headers, body });
  };
  return {
    ...origin,
    config,
    api,
    async [Symbol.asyncDispose]() {
      await origin.close();
      if (!options.keepData) rmSync(config.storage.dataDir, { recursive: true, force: true });
    },
  };
}
