/**
 * Publish start to first playable LL-HLS part, per ingest protocol, against the origin
 * started in this process.
 *   bun bench/ingest-first-part.ts [--runs 5] [--protocols rtmp,udp,srt] [--timeout 20] [--log-level silent]
 * Every run publishes a pre-encoded 640x360 25 fps file (x264 ultrafast zerolatency,
 * 1 s GOP, AAC) with `ffmpeg -re -stream_loop -1 -c copy`, to a new stream per
 * protocol, and times from the publisher's spawn to:
 *   accepted    the status API first says the publisher is live (handshake + key check done),
 *   first part  the video playlist first lists an EXT-X-PART.
 * In the same run, the same FFmpeg command writing MPEG-TS to a UDP socket of ours
 * gives the encoder's own startup (spawn to first datagram): origin share = first part
 * minus that. Polls every 10 ms (so numbers carry up to 10 ms of poll delay).
 * Prints a table and a final JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchCleanup } from './ingest-bench-cleanup.ts';
import { type BenchOrigin, type BenchStream, startBenchOrigin } from './ingest-bench-origin.ts';
import { median, percentile } from './ingest-percentiles.ts';
import { publishTarget, waitUntilEnded } from './ingest-published-stream.ts';
import { type IngestProtocol, type PublishTarget, publisherArgs } from './ingest-publisher-args.ts';
import { encodeSourceFile } from './ingest-source-file.ts';
import { waitForUdpBound } from './ingest-udp-bound.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    protocols: { type: 'string', default: 'rtmp,udp,srt' },
    timeout: { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'silent' },
  },
});
const runs = Number(values.runs);
const timeoutMs = Number(values.timeout) * 1000;
const protocols = (values.protocols as string).split(',') as IngestProtocol[];
for (const protocol of protocols) {
  if (!['rtmp', 'udp', 'srt'].includes(protocol)) throw new Error(`unknown protocol ${protocol}`);
}
const POLL_MS = 10;

interface Attempt {
  acceptedMs: number | undefined;
  firstPartMs: number;
}

const cleanup = new BenchCleanup();
const scratch = mkdtempSync(join(tmpdir(), 'tw-first-part-'));
cleanup.onClose(async () => rmSync(scratch, { recursive: true, force: true }));

/** Spawn of the publisher to its first datagram on a socket of ours: the encoder alone. */
async function encoderFirstByteMs(source: string): Promise<number> {
  let firstAt: number | undefined;
  const socket = await Bun.udpSocket({
    hostname: '127.0.0.1',
    socket: {
      data() {
        firstAt ??= performance.now();
      },
    },
  });
  const started = performance.now();
  const publisher = cleanup.spawn(publisherArgs(source, { protocol: 'udp', port: socket.port }));
  try {
    while (firstAt === undefined) {
      if (performance.now() - started > timeoutMs) throw new Error('encoder sent nothing');
      await Bun.sleep(1);
    }
    return firstAt - started;
  } finally {
    await publisher.stop();
    socket.close();
  }
}

async function firstPart(origin: BenchOrigin, stream: BenchStream, target: PublishTarget, source: string) {
  const playlist = origin.videoPlaylistUrl(stream.name);
  const started = performance.now();
  const publisher = cleanup.spawn(publisherArgs(source, target));
  let acceptedMs: number | undefined;
  let done = false;
  // The status poll runs beside the playlist poll and never delays it.
  const acceptance = (async () => {
    while (!done && acceptedMs === undefined) {
      if ((await origin.ingestState(stream.id)) === 'live') acceptedMs = performance.now() - started;
      else await Bun.sleep(POLL_MS);
    }
  })();
  try {
    for (;;) {
      const elapsed = performance.now() - started;
      if (publisher.proc.exitCode !== null) {
        throw new Error(
          `publisher exited (${publisher.proc.exitCode}): ${publisher.stderrTail() || 'no output'}`,
        );
      }
      if (elapsed > timeoutMs) throw new Error(`no part within ${timeoutMs / 1000} s`);
      const res = await fetch(playlist).catch(() => undefined);
      if (res?.status === 200 && (await res.text()).includes('#EXT-X-PART:')) {
        return { acceptedMs, firstPartMs: performance.now() - started } satisfies Attempt;
      }
      await Bun.sleep(POLL_MS);
    }
  } finally {
    done = true;
    await acceptance;
    await publisher.stop();
  }
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '-');

try {
  const source = encodeSourceFile({
    dir: scratch,
    seconds: 10,
    size: '640x360',
    frameRate: 25,
    gopSeconds: 1,
  });
  const origin = await startBenchOrigin({
    udpPorts: runs * protocols.length + 4,
    logLevel: values['log-level'] as string,
  });
  cleanup.onClose(() => origin.close());
  const { rtmp: rtmpPort, srt: srtPort } = origin.running.ingestPorts;
  const skipped = new Map<IngestProtocol, string>();
  if (protocols.includes('srt') && !srtPort)
    skipped.set('srt', 'the origin has no SRT listener (ingestPorts.srt unset)');
  if (protocols.includes('rtmp') && !rtmpPort) skipped.set('rtmp', 'the origin has no RTMP listener');

  const byProtocol = new Map<IngestProtocol, (Attempt & { encoderMs: number })[]>(
    protocols.map((p) => [p, []]),
  );
  const encoder: number[] = [];
  console.log(`Publish start to first LL-HLS part, ${runs} runs, ${navigator.hardwareConcurrency} cores`);
  for (let run = 0; run < runs; run++) {
    const encoderMs = await encoderFirstByteMs(source);
    encoder.push(encoderMs);
    const line = [`run ${run + 1}: encoder first byte ${fmt(encoderMs)} ms`];
    // Rotated each run so no protocol always goes first after the encoder probe.
    const order = protocols.map((_, i) => protocols[(i + run) % protocols.length] as IngestProtocol);
    for (const protocol of order) {
      if (skipped.has(protocol)) continue;
      const stream = await origin.createStream(`first-part-${protocol}-${run}`);
      // Stream creation binds its UDP port (and refreshes SRT keys) asynchronously.
      await waitForUdpBound(stream.udpPort, 5000);
      const target = publishTarget(origin, stream, protocol);
      try {
        const attempt = await firstPart(origin, stream, target, source);
        byProtocol.get(protocol)?.push({ ...attempt, encoderMs });
        line.push(`${protocol} ${fmt(attempt.firstPartMs)} ms`);
      } catch (error) {
        const why = (error as Error).message;
        line.push(`${protocol} failed`);
        // SRT is optional while its listener is being wired: note it and go on without it.
        if (protocol === 'srt') skipped.set('srt', `publishing failed: ${why}`);
        else throw new Error(`${protocol} run ${run + 1}: ${why}`);
      } finally {
        await origin.deleteStream(stream.id);
        await waitUntilEnded(origin, stream.name, 10_000);
      }
    }
    console.log(`  ${line.join(', ')}`);
  }

  console.log('');
  console.log(
    'protocol  n  first part med/p95 ms  accepted med/p95 ms  encoder first byte med ms  origin share med/p95 ms',
  );
  const summary: Record<string, unknown> = {};
  for (const protocol of protocols) {
    const attempts = byProtocol.get(protocol) ?? [];
    if (attempts.length === 0) {
      console.log(`${protocol.padEnd(8)}  skipped: ${skipped.get(protocol) ?? 'no runs'}`);
      summary[protocol] = { skipped: skipped.get(protocol) ?? 'no runs' };
      continue;
    }
    const first = attempts.map((a) => a.firstPartMs);
    const accepted = attempts.flatMap((a) => (a.acceptedMs === undefined ? [] : [a.acceptedMs]));
    const share = attempts.map((a) => a.firstPartMs - a.encoderMs);
    const stats = (xs: number[]) => ({ median: Math.round(median(xs)), p95: Math.round(percentile(xs, 95)) });
    summary[protocol] = {
      runs: attempts.length,
      firstPartMs: stats(first),
      acceptedMs: stats(accepted),
      encoderFirstByteMs: stats(attempts.map((a) => a.encoderMs)),
      originShareMs: stats(share),
      samples: attempts.map((a) => ({
        firstPartMs: Math.round(a.firstPartMs),
        acceptedMs: a.acceptedMs === undefined ? null : Math.round(a.acceptedMs),
        encoderMs: Math.round(a.encoderMs),
      })),
    };
    console.log(
      `${protocol.padEnd(8)}  ${String(attempts.length).padStart(1)}  ${`${fmt(median(first))} / ${fmt(percentile(first, 95))}`.padStart(20)}  ${`${fmt(median(accepted))} / ${fmt(percentile(accepted, 95))}`.padStart(19)}  ${fmt(median(attempts.map((a) => a.encoderMs))).padStart(25)}  ${`${fmt(median(share))} / ${fmt(percentile(share, 95))}`.padStart(23)}${protocol === 'srt' && skipped.has('srt') ? `  (then ${skipped.get('srt')})` : ''}`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'ingest-first-part',
      runs,
      cores: navigator.hardwareConcurrency,
      encoderFirstByteMs: { median: Math.round(median(encoder)), p95: Math.round(percentile(encoder, 95)) },
      protocols: summary,
    }),
  );
} finally {
  await cleanup.close();
}
