import { describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../defs/errors.ts';
import { parseDuration } from './duration.ts';
import { loadConfig, publicBaseUrl } from './load-config.ts';
import { configSchema } from './schema.ts';

function tomlFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tw-config-')), 'config.toml');
  writeFileSync(path, text);
  return path;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('durations parse themselves', () => {
  test.each([
    ['200ms', 200],
    ['2s', 2000],
    ['1.5s', 1500],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['30d', 2_592_000_000],
    [250, 250],
  ] as const)('%p is %p ms', (input, ms) => expect(parseDuration(input)).toBe(ms));
  test.each(['', 'fast', '2 parsecs', '-1s', '1e3ms'])('%p is rejected', (input) =>
    expect(parseDuration(input)).toBeUndefined(),
  );
});

describe('loadConfig', () => {
  test('defaults without env or file', () => {
    expect(loadConfig({})).toEqual(configSchema.parse({}));
  });

  test('environment overrides with typed values', () => {
    const config = loadConfig({
      TIDEWATER_HTTP_PORT: '9090',
      TIDEWATER_MEDIA_PART_TARGET: '300ms',
      TIDEWATER_DEMO_ENABLED: 'false',
      TIDEWATER_HTTP_PUBLIC_BASE_URL: 'https://live.example.com',
    });
    expect(config.http.port).toBe(9090);
    expect(config.media.partTarget).toBe(300);
    expect(config.demo.enabled).toBe(false);
    expect(config.http.publicBaseUrl).toBe('https://live.example.com');
  });

  test('the file is read, and the environment wins over it', () => {
    const path = tomlFile('[http]\nport = 7000\nhost = "127.0.0.1"\n[media]\nsegmentTarget = "4s"\n');
    const config = loadConfig({ TIDEWATER_HTTP_PORT: '7001' }, path);
    expect(config.http.port).toBe(7001);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.media.segmentTarget).toBe(4000);
  });

  test('a bad env value names the key, the env variable, the value and what is allowed', () => {
    const error = configError(() => loadConfig({ TIDEWATER_HTTP_PORT: '99999' }));
    expect(error.message).toContain('http.port (TIDEWATER_HTTP_PORT)');
    expect(error.message).toContain('99999');
    expect(error.message).toContain('65535');
  });

  test('a bad duration is explained', () => {
    const error = configError(() => loadConfig({ TIDEWATER_MEDIA_PART_TARGET: 'soon' }));
    expect(error.message).toContain('media.partTarget');
    expect(error.message).toContain('"soon"');
    expect(error.message).toContain('200ms');
  });

  test('out-of-range durations and cross-field rules', () => {
    expect(configError(() => loadConfig({ TIDEWATER_MEDIA_PART_TARGET: '5s' })).message).toContain(
      'between 100ms and 2000ms',
    );
    expect(
      configError(() =>
        loadConfig({ TIDEWATER_INGEST_UDP_PORT_MIN: '2000', TIDEWATER_INGEST_UDP_PORT_MAX: '1000' }),
      ).message,
    ).toContain('udpPortMin');
  });

  test('unknown keys are refused instead of silently ignored', () => {
    expect(configError(() => loadConfig({ TIDEWATER_HTTP_PROT: '1' })).key).toBe('TIDEWATER_HTTP_PROT');
    expect(configError(() => loadConfig({}, tomlFile('[http]\nprot = 1\n'))).message).toContain(
      'unknown key',
    );
    expect(configError(() => loadConfig({}, tomlFile('[htp]\nport = 1\n'))).message).toContain(
      'unknown section',
    );
  });

  test('an unreadable or malformed file is named', () => {
    expect(configError(() => loadConfig({}, '/nonexistent/tidewater.toml')).message).toContain('cannot read');
    expect(configError(() => loadConfig({}, tomlFile('[http\nport=='))).message).toContain('not valid TOML');
  });

  test('public base URL falls back to the bound port', () => {
    expect(publicBaseUrl(configSchema.parse({}), 8123)).toBe('http://localhost:8123');
    expect(
      publicBaseUrl(configSchema.parse({ http: { publicBaseUrl: 'https://cdn.example.com/' } }), 8123),
    ).toBe('https://cdn.example.com');
  });
});

test('the commented example config equals the schema defaults', () => {
  const example = join(import.meta.dir, '../../tidewater.example.toml');
  expect(loadConfig({}, example)).toEqual(configSchema.parse({}));
  // And it documents every key, so nothing is hidden from operators.
  const text = readFileSync(example, 'utf8');
  for (const [section, values] of Object.entries(configSchema.parse({}))) {
    expect(text).toContain(`[${section}]`);
    for (const key of Object.keys(values)) expect(text).toMatch(new RegExp(`^${key} = `, 'm'));
  }
});
