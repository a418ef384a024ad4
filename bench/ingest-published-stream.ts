/**
 * One stream of an ingest bench end to end: created through the API, published by an
 * FFmpeg replaying the source file over the chosen protocol, and followed by a
 * StreamWatch on its video playlist.
 */
import type { BenchCleanup, TrackedProcess } from './ingest-bench-cleanup.ts';
import type { BenchOrigin, BenchStream } from './ingest-bench-origin.ts';
import { type IngestProtocol, type PublishTarget, publisherArgs } from './ingest-publisher-args.ts';
import { StreamWatch } from './ingest-stream-watch.ts';
import { waitForUdpBound } from './ingest-udp-bound.ts';

export interface PublishedStream {
  stream: BenchStream;
  publisher: TrackedProcess;
  watch: StreamWatch;
  stop(): Promise<void>;
}

export interface PublishOptions {
  origin: BenchOrigin;
  cleanup: BenchCleanup;
  sourceFile: string;
  protocol: IngestProtocol;
  name: string;
}

export async function startPublishedStream(options: PublishOptions): Promise<PublishedStream> {
  const { origin, protocol } = options;
  const stream = await origin.createStream(options.name);
  // Creating a stream binds its UDP port (and refreshes listener keys) asynchronously.
  await waitForUdpBound(stream.udpPort, 5000);
  const publisher = options.cleanup.spawn(
    publisherArgs(options.sourceFile, publishTarget(origin, stream, protocol)),
  );
  const watch = new StreamWatch({ url: origin.videoPlaylistUrl(stream.name) });
  watch.start();
  return {
    stream,
    publisher,
    watch,
    async stop() {
      await publisher.stop();
      await watch.close();
    },
  };
}

/** Where a stream's publisher sends, over `protocol`; throws when the origin has no such listener. */
export function publishTarget(
  origin: BenchOrigin,
  stream: BenchStream,
  protocol: IngestProtocol,
): PublishTarget {
  if (protocol === 'udp') return { protocol, port: stream.udpPort };
  const port = protocol === 'rtmp' ? origin.running.ingestPorts.rtmp : origin.running.ingestPorts.srt;
  if (!port) throw new Error(`the origin has no ${protocol.toUpperCase()} listener`);
  return { protocol, port, streamKey: stream.streamKey };
}

/** Resolves once every stream lists a part; throws naming the first that did not, with its publisher's stderr. */
export async function waitUntilLive(streams: PublishedStream[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const waiting = streams.filter((s) => !s.watch.live);
    if (waiting.length === 0) return;
    const dead = waiting.find((s) => s.publisher.proc.exitCode !== null);
    if (dead || performance.now() > deadline) {
      const which = dead ?? (waiting[0] as PublishedStream);
      const why = dead
        ? `its publisher exited (${dead.publisher.proc.exitCode})`
        : `no part within ${timeoutMs} ms`;
      throw new Error(
        `${waiting.length} stream(s) not live, e.g. ${which.stream.name}: ${why} ${which.publisher.stderrTail()}`.trim(),
      );
    }
    await Bun.sleep(100);
  }
}

/**
 * Resolves once the stream's playlist says it ended (ENDLIST) or is gone (404), so its
 * teardown does not overlap the next measurement or outlive the origin's close (a
 * stream ending after close leaves a 60 s retention timer holding the process open).
 */
export async function waitUntilEnded(origin: BenchOrigin, name: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const res = await fetch(origin.videoPlaylistUrl(name)).catch(() => undefined);
    if (res?.status === 404 || (res?.ok && (await res.text()).includes('#EXT-X-ENDLIST'))) return;
    await Bun.sleep(20);
  }
  console.error(`note: stream ${name} had not ended ${timeoutMs} ms after its publisher stopped`);
}
