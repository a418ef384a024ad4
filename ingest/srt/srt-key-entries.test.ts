import { expect, test } from 'bun:test';
import { srtKeyEntries } from './srt-key-entries.ts';

test('maps streams to handshake entries: passphrase, latency, 403 disabled, 409 live without takeover', () => {
  const base = { srtPassphrase: null, srtLatencyMs: 120, enabled: true, publisherPolicy: 'reject' as const };
  const entries = srtKeyEntries(
    [
      { ...base, streamKey: 'a', srtPassphrase: 'passphrase-a1', srtLatencyMs: 300 },
      { ...base, streamKey: 'b', enabled: false },
      { ...base, streamKey: 'c' },
      { ...base, streamKey: 'd', publisherPolicy: 'takeover' },
    ],
    (key) => key === 'c' || key === 'd',
  );
  expect(entries).toEqual([
    { streamKey: 'a', passphrase: 'passphrase-a1', latencyMs: 300, refuse: undefined },
    { streamKey: 'b', passphrase: undefined, latencyMs: 120, refuse: 403 },
    { streamKey: 'c', passphrase: undefined, latencyMs: 120, refuse: 409 },
    { streamKey: 'd', passphrase: undefined, latencyMs: 120, refuse: undefined },
  ]);
});
