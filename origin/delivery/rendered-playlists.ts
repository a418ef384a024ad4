/**
 * Playlists rendered once per state and shared. When a part lands, every held
 * request for it is released at once; rendering (and gzipping) the same text for
 * each of them would make the last viewer wait for all the others.
 */
export interface RenderedPlaylist {
  /** UTF-8 bytes, encoded once (encoding a few KiB per response adds up at 1000s of viewers). */
  bytes: Uint8Array;
  gzipped(): Uint8Array;
}

export class RenderedPlaylists {
  readonly #entries = new Map<string, { stamp: string; playlist: RenderedPlaylist }>();

  /** `key` names the playlist variant (stream, track, skip); `stamp` changes whenever its content would. */
  get(key: string, stamp: string, render: () => string): RenderedPlaylist {
    const hit = this.#entries.get(key);
    if (hit && hit.stamp === stamp) return hit.playlist;
    const bytes = new TextEncoder().encode(render());
    let gzipped: Uint8Array | undefined;
    const playlist = { bytes, gzipped: () => (gzipped ??= Bun.gzipSync(bytes)) };
    this.#entries.set(key, { stamp, playlist });
    return playlist;
  }

  /** Forget a stream's entries (it stopped). */
  forget(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
