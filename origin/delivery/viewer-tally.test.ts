import { expect, test } from 'bun:test';
import { ViewerTally } from './viewer-tally.ts';
import { viewerClientKey } from './viewer-tally-client.ts';

function clock(start = 1_000_000) {
  const c = { now: start, advance: (ms: number) => (c.now += ms) };
  return c;
}

test('a client counts once per stream and protocol until it has been quiet for the window', () => {
  const time = clock();
  const tally = new ViewerTally({ windowMs: 10_000, now: () => time.now });
  tally.seen('hls', 'a', 1);
  tally.seen('hls', 'a', 1); // the same player polling again
  tally.seen('hls', 'a', 2);
  tally.seen('dash', 'a', 1); // the same client on DASH counts there too
  tally.seen('hls', 'b', 3);
  expect(tally.counts('a')).toEqual({ hls: 2, dash: 1 });
  expect(tally.counts('b')).toEqual({ hls: 1, dash: 0 });
  expect(tally.counts('nobody')).toEqual({ hls: 0, dash: 0 });

  time.advance(6000);
  tally.seen('hls', 'a', 2); // client 2 keeps polling, client 1 went away
  time.advance(5000);
  expect(tally.counts('a')).toEqual({ hls: 1, dash: 0 });
  expect(tally.counts('b')).toEqual({ hls: 0, dash: 0 });
  time.advance(10_001);
  expect(tally.counts('a')).toEqual({ hls: 0, dash: 0 });
});

test('counts are recomputed at most once per refresh (a quarter window, at most 1 s)', () => {
  const time = clock();
  const tally = new ViewerTally({ windowMs: 400, now: () => time.now });
  tally.seen('hls', 'a', 1);
  expect(tally.counts('a').hls).toBe(1);
  time.advance(450);
  // Expired, and the last refresh is more than 100 ms old: dropped at this read.
  expect(tally.counts('a').hls).toBe(0);
});

test('the table per stream is capped: new clients past it are counted as overflow, known ones still refresh', () => {
  const time = clock();
  const tally = new ViewerTally({ windowMs: 10_000, maxClientsPerStream: 3, now: () => time.now });
  for (const client of [1, 2, 3, 4, 5]) tally.seen('hls', 'a', client);
  expect(tally.counts('a').hls).toBe(3);
  expect(tally.overflowed).toBe(2);
  tally.seen('hls', 'a', 2); // known: refreshed, not overflow
  expect(tally.overflowed).toBe(2);
  // Other streams and protocols have tables of their own.
  tally.seen('dash', 'a', 4);
  tally.seen('hls', 'b', 4);
  expect(tally.counts('a').dash).toBe(1);
  expect(tally.counts('b').hls).toBe(1);
  expect(tally.overflowed).toBe(2);
  // Once expired clients are dropped (a read, or the timer after start()) there is room again.
  time.advance(8000);
  tally.seen('hls', 'a', 2);
  time.advance(3000);
  expect(tally.counts('a').hls).toBe(1);
  tally.seen('hls', 'a', 9);
  expect(tally.counts('a').hls).toBe(2);
  expect(tally.overflowed).toBe(2);
});

test('start() drops expired clients though nobody reads counts', async () => {
  // A table of one: a second client finds room only once the timer dropped the first.
  const tally = new ViewerTally({ windowMs: 40, maxClientsPerStream: 1 });
  tally.start();
  try {
    tally.seen('hls', 'a', 1);
    const deadline = Date.now() + 5000;
    let admitted = false;
    while (!admitted && Date.now() < deadline) {
      await Bun.sleep(10);
      const before = tally.overflowed;
      tally.seen('hls', 'a', 2);
      admitted = tally.overflowed === before;
    }
    expect(admitted).toBe(true);
  } finally {
    tally.close();
  }
});

test('the client key is the address and the User-Agent, hashed', () => {
  const request = (agent: string) =>
    new Request('http://origin/hls/a/video.m3u8', { headers: { 'user-agent': agent } });
  const server = (address: string) => ({ requestIP: () => ({ address }) });
  const a = viewerClientKey(request('player/1'), server('10.0.0.1'));
  expect(viewerClientKey(request('player/1'), server('10.0.0.1'))).toBe(a);
  expect(viewerClientKey(request('player/2'), server('10.0.0.1'))).not.toBe(a);
  expect(viewerClientKey(request('player/1'), server('10.0.0.2'))).not.toBe(a);
  expect(Number.isSafeInteger(a)).toBe(true);
  // Without a server (an app called directly) the User-Agent alone; no crash on odd values.
  expect(viewerClientKey(request('player/1'), undefined)).toBe(viewerClientKey(request('player/1'), {}));
  expect(viewerClientKey(new Request('http://origin/x'), { requestIP: () => null })).toBeNumber();
});
