import type { PublishGate } from '../../defs/ingest.ts';
import type { IngestLog } from '../../ingest/publish-registry.ts';
import { PullSource } from '../../ingest/pull/pull-source.ts';
import { SrtPullSource } from '../../ingest/pull/srt-pull-source.ts';

/**
 * The pull sources this origin runs (SRT in-process through libsrt, the rest through FFmpeg), by an owner id (a stream with a source URL, or a
 * MediaMTX path): setting the same URL again is a no-op, a new URL replaces the pull,
 * null stops it.
 */
export class PullSources {
  readonly #running = new Map<string, { url: string; source: PullSource | SrtPullSource }>();
  readonly #gate: Pick<PublishGate, 'open'>;
  readonly #log: IngestLog;

  constructor(options: { gate: Pick<PublishGate, 'open'>; log: IngestLog }) {
    this.#gate = options.gate;
    this.#log = options.log;
  }

  async set(ownerId: string, stream: { streamKey: string; name: string }, url: string | null): Promise<void> {
    const current = this.#running.get(ownerId);
    if (current && current.url === url) return;
    if (current) {
      this.#running.delete(ownerId);
      await current.source.close();
    }
    if (!url) return;
    try {
      const Source = url.startsWith('srt:') ? SrtPullSource : PullSource;
      const source = new Source({
        url,
        streamKey: stream.streamKey,
        streamName: stream.name,
        gate: this.#gate,
        log: this.#log,
      });
      this.#running.set(ownerId, { url, source });
      source.start();
      this.#log('info', 'pulling source', { stream: stream.name, source: source.remoteAddress });
    } catch (error) {
      this.#log('warn', 'cannot pull source', { stream: stream.name, error: (error as Error).message });
    }
  }

  get(ownerId: string): PullSource | SrtPullSource | undefined {
    return this.#running.get(ownerId)?.source;
  }

  async closeAll(): Promise<void> {
    const all = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(all.map(({ source }) => source.close()));
  }
}
