import type { TransferSample } from '../abr/throughput-estimator.ts';
import { burstSamples, type ChunkArrival } from '../abr/transfer-bursts.ts';

/**
 * dash.js loads LL-DASH segments with `fetch` and reads the body as it streams; the origin
 * sends each part the moment it is made, so a segment request spends most of its life
 * waiting. This wraps `fetch` for media URLs to time every body chunk as it is read and
 * turns the busy stretches into samples (burstSamples). While a body streams, its chunks so
 * far are in `inFlight` under its URL (for the abandon rule). Returns the function that
 * restores the original fetch.
 */
export function meterFetch(options: {
  isMedia: (url: string) => boolean;
  onSamples: (samples: TransferSample[]) => void;
  idleGapMs?: number;
  inFlight?: Map<string, readonly ChunkArrival[]>;
}): () => void {
  const original = globalThis.fetch;
  const idleGapMs = options.idleGapMs ?? 50;
  const metered = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!response.body || !options.isMedia(url)) return response;
    const chunks: ChunkArrival[] = [];
    const key = absoluteUrl(response.url || url);
    options.inFlight?.set(key, chunks);
    const done = () => {
      if (options.inFlight?.get(key) === chunks) options.inFlight.delete(key);
    };
    const timed = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          chunks.push({ atMs: performance.now(), bytes: chunk.byteLength });
          controller.enqueue(chunk);
        },
        flush() {
          done();
          options.onSamples(burstSamples(chunks, idleGapMs));
        },
      }),
    );
    // An aborted request never flushes: its entry goes with the abort.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    signal?.addEventListener('abort', done, { once: true });
    const wrapped = new Response(timed, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // A Response made here has no URL; dash.js reads it to resolve redirects.
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };
  globalThis.fetch = Object.assign(metered, { preconnect: original.preconnect }) as typeof fetch;
  return () => {
    globalThis.fetch = original;
  };
}

/** The key `inFlight` uses: the absolute URL (dash.js's requests carry absolute or relative ones). */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    return url;
  }
}
