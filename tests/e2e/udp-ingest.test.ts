/**
 * UDP MPEG-TS ingest end to end: ffmpeg sends a contribution feed to the stream's own
 * port; LL-HLS appears and advances; garbage datagrams on the port change nothing; the
 * sender stopping and coming back within the grace period continues the playlists with
 * a discontinuity; after the grace period the stream ends with ENDLIST.
 */
import { expect, test } from 'bun:test';
import HLS from 'hls-parser';
import { startTestOrigin, testConfig } from '../harness/test-origin.ts';
import { startTestPublisher } from '../harness/test-publisher.ts';
import { waitFor } from '../harness/wait-for.ts';

type MediaPlaylist = InstanceType<typeof HLS.types.MediaPlaylist>;

test('a UDP feed becomes LL-HLS, survives garbage, resumes within the grace period, then ends', async () => {
  await using origin = await startTestOrigin(
    testConfig({ ingest: { reconnectGrace: '4s', silenceTimeout: '1500ms' } }),
  );
  const created = await origin.api('/api/v1/streams', { method: 'POST', json: { name: 'contribution' } });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as { id: string; udpPort: number };
  const playlistUrl = `${origin.url}/hls/contribution/video.m3u8`;
  const playlist = async (): Promise<MediaPlaylist | undefined> => {
    const res = await fetch(playlistUrl);
    return res.ok ? (HLS.parse(await res.text()) as MediaPlaylist) : undefined;
  };
  const status = async () =>
    (await (await origin.api(`/api/v1/streams/${stream.id}/status`)).json()) as {
      ingest: Record<string, unknown> & { state: string; bytesReceived: number };
      media: Record<string, unknown>;
    };
  const publish = () =>
    startTestPublisher({ output: ['-f', 'mpegts', `udp://127.0.0.1:${stream.udpPort}?pkt_size=1316`] });

  {
    await using _encoder = publish();
    const first = await waitFor(
      async () => {
        const p = await playlist();
        return p && p.segments.length >= 2 ? p : undefined;
      },
      20_000,
      'two segments from the UDP feed',
    );
    expect(first.segments[0]?.uri).toContain('.m4s');

    // Garbage from another sender: not MPEG-TS, so dropped before FFmpeg.
    const noise = await Bun.udpSocket({});
    for (let i = 0; i < 200; i++)
      noise.send(crypto.getRandomValues(new Uint8Array(1316)), stream.udpPort, '127.0.0.1');
    for (let i = 0; i < 50; i++) noise.send(new Uint8Array(7), stream.udpPort, '127.0.0.1');
    noise.close();
    const lastMsn = (first.mediaSequenceBase ?? 0) + first.segments.length - 1;
    await waitFor(
      async () => {
        const p = await playlist();
        return p && (p.mediaSequenceBase ?? 0) + p.segments.length - 1 >= lastMsn + 2;
      },
      10_000,
      'the playlist to keep advancing after the garbage',
    );

    // PROGRAM-DATE-TIME is the capture clock: no complete segment can end after now
    // (FFmpeg's probe burst once put it ~0.4 s ahead).
    const fresh = (await playlist()) as MediaPlaylist;
    const checkedAt = Date.now();
    for (const segment of fresh.segments.filter((s) => s.uri && s.programDateTime))
      expect((segment.programDateTime as Date).getTime() + segment.duration * 1000).toBeLessThan(
        checkedAt + 100,
      );

    const live = await status();
    expect(live.ingest).toMatchObject({ state: 'live', protocol: 'udp' });
    expect(live.ingest.bytesReceived).toBeGreaterThan(10_000);
    expect(live.media).toMatchObject({
      live: true,
      width: 320,
      height: 240,
      frameRate: 25,
      keyframeIntervalSeconds: 1,
    });
    expect(String(live.media.videoCodec)).toStartWith('avc1.');
    // AAC-LC with its AudioSpecificConfig in the init segment: MPEG-TS carries ADTS, and an
    // esds without the config (CODECS "mp4a.40") is refused by browsers
    expect(String(live.media.audioCodec)).toBe('mp4a.40.2');
    const metrics = await (await fetch(`${origin.url}/metrics`)).text();
    expect(metrics).toContain('tidewater_ingest_publisher_state{stream="contribution",protocol="udp"} 1');
    const rate =
      /tidewater_ingest_bitrate_bits_per_second\{stream="contribution",protocol="udp"\} (\d+)/.exec(metrics);
    expect(Number(rate?.[1])).toBeGreaterThan(50_000);
  }

  // The encoder is gone: after the silence timeout the stream waits for it.
  await waitFor(async () => (await status()).ingest.state === 'reconnecting', 5000, 'the reconnecting state');
  const beforeGap = (await playlist()) as MediaPlaylist;
  const msnBeforeGap = (beforeGap.mediaSequenceBase ?? 0) + beforeGap.segments.length - 1;
  expect(beforeGap.endlist).toBe(false);

  {
    await using _encoder = publish();
    const resumed = await waitFor(
      async () => {
        const p = await playlist();
        const index = p?.segments.findIndex((s) => s.discontinuity) ?? -1;
        return p && index >= 0 && index < p.segments.length - 1 ? p : undefined;
      },
      20_000,
      'segments after a discontinuity',
    );
    // Media sequence numbers continue across the gap; nothing restarted from 0.
    expect((resumed.mediaSequenceBase ?? 0) + resumed.segments.length - 1).toBeGreaterThan(msnBeforeGap);
    expect((await status()).ingest).toMatchObject({ state: 'live', reconnects: 1 });
  }

  // Gone for longer than silence + grace: the stream ends.
  const ended = await waitFor(
    async () => {
      const p = await playlist();
      return p?.endlist ? p : undefined;
    },
    15_000,
    'EXT-X-ENDLIST after the grace period',
  );
  expect(ended.endlist).toBe(true);
  expect((await status()).ingest.state).toBe('offline');
}, 60_000);

test('a UDP feed from a multicast group', async () => {
  await using origin = await startTestOrigin();
  const bad = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'mc-bad', udpMulticastGroup: '10.0.0.1' },
  });
  expect(bad.status).toBe(400);
  const created = await origin.api('/api/v1/streams', {
    method: 'POST',
    json: { name: 'multicast', udpMulticastGroup: '239.255.0.42' },
  });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as { udpPort: number; udpMulticastGroup: string };
  expect(stream.udpMulticastGroup).toBe('239.255.0.42');
  await using _encoder = startTestPublisher({
    output: ['-f', 'mpegts', `udp://239.255.0.42:${stream.udpPort}?localaddr=127.0.0.1&ttl=1&pkt_size=1316`],
  });
  await waitFor(
    async () =>
      (await (await fetch(`${origin.url}/hls/multicast/video.m3u8`)).text()).includes('#EXT-X-PART'),
    20_000,
    'parts from the multicast feed',
  );
}, 60_000);
