/**
 * What an ABR comparison plays on, shared by bench/player-abr.ts and
 * tests/e2e/player-abr-throttled.test.ts: a live stream with a small, cheap ladder fed by a
 * real-time publisher, and a page's network throttled through the DevTools protocol.
 * The demo's 720p ladder is not used: on a shared 2-core machine its encoder falls behind
 * real time and starves every player alike, which hides what the ABR does.
 */
import type { Subprocess } from 'bun';
import type { CDPSession } from 'playwright-core';
import type { TestOrigin } from '../tests/harness/test-origin.ts';
import { startTestPublisher } from '../tests/harness/test-publisher.ts';

/** The ladder, top first: near-CBR renditions far enough apart that a drop must show. */
export const ABR_LADDER = [
  { shortSide: 360, videoBitrateKbps: 1200 },
  { shortSide: 240, videoBitrateKbps: 550 },
  { shortSide: 144, videoBitrateKbps: 200 },
] as const;

export interface AbrStream {
  /** The stream's name: its viewer page is /watch/<name>. */
  name: string;
  /** The publisher (ffmpeg): `await using` stops it. */
  publisher: Subprocess;
}

/**
 * Creates the stream `name` with ABR_LADDER, publishes a 640x360 test pattern to it over RTMP
 * (2 s GOP, 30 fps) and returns once its lowest rendition has three segments, so every
 * player starts on the same footing.
 */
export async function startAbrStream(origin: TestOrigin, name = 'abr'): Promise<AbrStream> {
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name, ladder: ABR_LADDER },
  });
  if (!created.ok) throw new Error(`cannot create the stream: ${await created.text()}`);
  const stream = (await created.json()) as { streamKey: string; ingest: { obs: { server: string } } };
  const publisher = startTestPublisher({
    output: ['-f', 'flv', `${stream.ingest.obs.server}/${stream.streamKey}`],
    size: '640x360',
    keyframeSeconds: 2,
    frameRate: 30,
  });
  const lowest = ABR_LADDER[ABR_LADDER.length - 1]?.shortSide;
  const started = performance.now();
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error('the ladder made no segments in 30 s');
      if (publisher.exitCode !== null) throw new Error(`the publisher exited (${publisher.exitCode})`);
      const playlist = await fetch(`${origin.url}/hls/${name}/video-${lowest}p.m3u8`).then((r) =>
        r.ok ? r.text() : '',
      );
      if ((playlist.match(/#EXTINF/g) ?? []).length >= 3) break;
      await Bun.sleep(500);
    }
  } catch (error) {
    publisher.kill();
    await publisher.exited;
    throw error;
  }
  return { name, publisher };
}

/** Throttles the page behind `cdp` (Network.enable sent) to `kbps` both ways, with `rttMs` added per request. */
export async function throttleNetwork(cdp: CDPSession, kbps: number, rttMs: number): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: rttMs,
    downloadThroughput: (kbps * 1000) / 8,
    uploadThroughput: (kbps * 1000) / 8,
  });
}
