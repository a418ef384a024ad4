/**
 * Playlists rendered once per state and shared. When a part lands, every held
 * request for it is released at once; rendering (and gzipping) the same text for
 * each of them would make the last viewer wait for all the others.
 */
export interface RenderedPlaylist {
  /** UTF-8 bytes, encoded once (encoding a few KiB per response adds up at 1000s of viewers). */
  bytes: Uint8Array;
  gzipped(): Uint8Array;
  /**
   * The response body, plain or gzip, shared by every response of this rendering
   * (`new Response(bytes)` would copy the bytes each time; a Blob is copied once).
   */
  body(gzip: boolean): Blob;
}

export class RenderedPlaylists {
  readonly #entries = new Map<string, { stamp: string | number; playlist: RenderedPlaylist }>();

  /** `key` names the playlist variant (stream, track, skip); `stamp` changes whenever its content would. */
  get(key: string, stamp: string | number, render: () => string): RenderedPlaylist {
    const hit = this.#entries.get(key);
    if (hit && hit.stamp === stamp) return hit.playlist;
    const playlist = renderedPlaylist(new TextEncoder().encode(render()));
    this.#entries.set(key, { stamp, playlist });
    return playlist;
  }

  /** Forget a stream's entries (it stopped). */
  forget(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}

function renderedPlaylist(bytes: Uint8Array): RenderedPlaylist {
  let gzipped: Uint8Array | undefined;
  let plain: Blob | undefined;
  let zipped: Blob | undefined;
  const gzip = () => {
    gzipped ??= Bun.gzipSync(bytes as Uint8Array<ArrayBuffer>);
    return gzipped;
  };
  return {
    bytes,
    gzipped: gzip,
    body: (compressed) => {
      if (compressed) {
        zipped ??= new Blob([gzip() as Uint8Array<ArrayBuffer>]);
        return zipped;
      }
      plain ??= new Blob([bytes as Uint8Array<ArrayBuffer>]);
      return plain;
    },
  };
}
