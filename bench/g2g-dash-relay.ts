/**
 * The FFmpeg LL-DASH peer's origin: a minimal chunked HTTP relay. FFmpeg's dash
 * muxer (`-method PUT -streaming 1`) uploads each file with a chunked PUT that
 * stays open while the segment grows; this relay keeps the bytes in memory and
 * serves a GET of a file still being uploaded with chunked transfer, each upload
 * chunk going out as it arrives, until the upload ends. What LL-DASH needs of an
 * origin, and nothing else (no caching rules, no auth, no disk).
 *
 *   ffmpeg ─PUT (chunked, open for the segment)─> relay ─GET (chunked, as it grows)─> dash.js
 */

/** One upload of one path: the bytes so far, and who waits for more. */
class GrowingFile {
  readonly chunks: Uint8Array[] = [];
  complete = false;
  readonly #waiters = new Set<() => void>();

  append(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.#wake();
  }

  finish(): void {
    this.complete = true;
    this.#wake();
  }

  /** Resolves true when a chunk past `index` exists or the upload ended; false after `timeoutMs`. */
  waitBeyond(index: number, timeoutMs: number): Promise<boolean> {
    if (this.chunks.length > index || this.complete) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.#waiters.add(wake);
    });
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

const CONTENT_TYPES: Record<string, string> = {
  mpd: 'application/dash+xml',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
};

export interface ChunkedRelayOptions {
  /** A reader waiting this long for the next upload chunk gives up (the uploader died). */
  stallTimeoutMs?: number;
}

export class ChunkedRelay {
  /** Per path, the newest upload and the last complete one (a manifest being rewritten serves the old one). */
  readonly #files = new Map<string, { newest: GrowingFile; complete?: GrowingFile }>();
  readonly #stallTimeoutMs: number;
  uploads = 0;
  completedSegments = 0;

  constructor(options: ChunkedRelayOptions = {}) {
    this.#stallTimeoutMs = options.stallTimeoutMs ?? 10_000;
  }

  /** `path` is the file's name under the relay's prefix (already stripped by the caller). */
  handle(req: Request, path: string): Response | Promise<Response> {
    if (!/^[\w.-]{1,128}$/.test(path)) return new Response('bad path', { status: 400 });
    if (req.method === 'PUT' || req.method === 'POST') return this.#upload(req, path);
    if (req.method === 'DELETE') {
      this.#files.delete(path);
      return new Response(null, { status: 204 });
    }
    if (req.method === 'GET' || req.method === 'HEAD') return this.#serve(req, path);
    return new Response('method not allowed', { status: 405 });
  }

  clear(): void {
    this.#files.clear();
    this.uploads = 0;
    this.completedSegments = 0;
  }

  async #upload(req: Request, path: string): Promise<Response> {
    const file = new GrowingFile();
    const entry = this.#files.get(path);
    this.#files.set(path, { newest: file, complete: entry?.complete });
    this.uploads++;
    try {
      if (req.body) for await (const chunk of req.body) file.append(chunk);
    } catch {
      // The uploader went away mid-file: readers get what there is.
    }
    file.finish();
    const current = this.#files.get(path);
    if (current?.newest === file) current.complete = file;
    if (path.endsWith('.m4s')) this.completedSegments++;
    return new Response(null, { status: 201 });
  }

  #serve(req: Request, path: string): Response {
    const entry = this.#files.get(path);
    const file = entry && (entry.newest.complete || !entry.complete ? entry.newest : entry.complete);
    if (!file) return new Response('not found', { status: 404 });
    const headers = {
      'content-type': CONTENT_TYPES[path.split('.').at(-1) ?? ''] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    };
    if (req.method === 'HEAD') return new Response(null, { headers });
    if (file.complete) return new Response(concat(file.chunks) as Uint8Array<ArrayBuffer>, { headers });
    let sent = 0;
    const stallTimeoutMs = this.#stallTimeoutMs;
    // No content-length: Bun answers with chunked transfer, one chunk per enqueue.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!(await file.waitBeyond(sent, stallTimeoutMs))) {
          controller.error(new Error(`${path}: upload stalled`));
          return;
        }
        if (sent < file.chunks.length) {
          controller.enqueue(concat(file.chunks.slice(sent)));
          sent = file.chunks.length;
        } else controller.close();
      },
    });
    return new Response(body, { headers });
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
