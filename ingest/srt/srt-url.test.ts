import { expect, test } from 'bun:test';
import { describeSrtTarget, parseSrtUrl, type SrtCallerTarget } from './srt-url.ts';

const valid: [url: string, target: SrtCallerTarget][] = [
  ['srt://127.0.0.1:9000', { host: '127.0.0.1', port: 9000 }],
  ['srt://origin.example.com:9000/', { host: 'origin.example.com', port: 9000 }],
  ['srt://[::1]:9000', { host: '::1', port: 9000 }],
  [
    'srt://10.0.0.5:9000?streamid=#!::r=cam1,m=request&passphrase=0123456789ab&pbkeylen=32&latency=200&conntimeo=1500',
    {
      host: '10.0.0.5',
      port: 9000,
      streamId: '#!::r=cam1,m=request',
      passphrase: '0123456789ab',
      pbkeylen: 32,
      latencyMs: 200,
      connectTimeoutMs: 1500,
    },
  ],
  [
    'srt://h:1?streamid=%23!%3A%3Ar%3Dcam1&mode=caller&transtype=live',
    { host: 'h', port: 1, streamId: '#!::r=cam1' },
  ],
  ['srt://h:1?passphrase=a+b%26c0123456', { host: 'h', port: 1, passphrase: 'a+b&c0123456' }],
];

const invalid: [url: string, error: string][] = [
  ['udp://127.0.0.1:9000', 'starts with srt://'],
  ['srt://127.0.0.1', 'expected srt://host:port'],
  ['srt://user:pw@127.0.0.1:9000', 'expected srt://host:port'],
  ['srt://127.0.0.1:9000/live', 'expected srt://host:port'],
  ['srt://127.0.0.1:0', 'invalid port 0'],
  ['srt://127.0.0.1:70000', 'invalid port 70000'],
  ['srt://bad_host:9000', 'invalid host'],
  ['srt://[not-v6]:9000', 'expected srt://host:port'],
  ['srt://h:1?latency=-5', 'latency must be 0..60000 ms'],
  ['srt://h:1?latency=1e3', 'latency must be 0..60000 ms'],
  ['srt://h:1?latency=90000', 'latency must be 0..60000 ms'],
  ['srt://h:1?pbkeylen=20&passphrase=0123456789', 'pbkeylen must be 16, 24 or 32'],
  ['srt://h:1?pbkeylen=16', 'pbkeylen needs a passphrase'],
  ['srt://h:1?passphrase=short', 'passphrase **** must be 10..79 characters'],
  ['srt://h:1?mode=listener', 'only mode=caller'],
  ['srt://h:1?transtype=file', 'only transtype=live'],
  ['srt://h:1?streamid=', 'streamid must be 1..512 bytes'],
  [`srt://h:1?streamid=${'x'.repeat(513)}`, 'streamid must be 1..512 bytes'],
  ['srt://h:1?latency=1&latency=2', 'parameter latency is given twice'],
  ['srt://h:1?streamid=%E0%A4%A', 'not valid percent-encoding'],
  ['srt://h:1?maxbw=100', 'unknown parameter "maxbw"'],
];

test.each(valid)('parses %s', (url, target) => {
  expect(parseSrtUrl(url)).toEqual({ ok: true, target });
});

test.each(invalid)('refuses %s', (url, error) => {
  const parsed = parseSrtUrl(url);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error).toContain(error);
});

test('logs name the target without stream id or passphrase', () => {
  expect(describeSrtTarget({ host: '::1', port: 9000, passphrase: 'secret-secret' })).toBe(
    'srt://[::1]:9000',
  );
});
