/**
 * The encoder floor's transport: FFmpeg's tee writes fragmented MP4 (one moof+mdat
 * per frame) to this TCP listener; every chunk goes out at once, as one WebSocket
 * message, to each floor viewer. No segmenting, no playlists, no waiting.
 * A viewer that joins late gets the init segment and the chunks since the last
 * keyframe (a GOP cache, as RTMP servers keep) so its decoder can start.
 */
import type { ServerWebSocket, TCPSocketListener } from 'bun';
import { Fmp4StreamReader } from '../packager/fmp4/fmp4-stream-reader.ts';

export class FloorRelay {
  readonly #listener: TCPSocketListener<undefined>;
  readonly #viewers = new Set<ServerWebSocket<unknown>>();
  #codec: string | undefined;
  #init: Uint8Array | undefined;
  #gop: Uint8Array[] = [];
  chunks = 0;

  constructor() {
    let reader = new Fmp4StreamReader();
    this.#listener = Bun.listen({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        // A new connection is a new FFmpeg run: start parsing afresh.
        open: () => {
          reader = new Fmp4StreamReader();
        },
        data: (_socket, data) => {
          for (const item of reader.push(new Uint8Array(data))) {
            if (item.kind === 'init') {
              this.#init = item.bytes;
              this.#codec = item.tracks[0]?.codec;
              this.#gop = [];
              continue;
            }
            this.chunks++;
            if (item.fragment.independent) this.#gop = [];
            this.#gop.push(item.bytes);
            for (const ws of this.#viewers) ws.sendBinary(item.bytes);
          }
        },
      },
    });
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.#listener.port}`;
  }

  /** Hook for Bun.serve's websocket `open`: false while no init segment has arrived yet. */
  join(ws: ServerWebSocket<unknown>): boolean {
    if (this.#init === undefined || this.#codec === undefined) return false;
    ws.sendText(JSON.stringify({ codec: this.#codec }));
    ws.sendBinary(this.#init);
    for (const chunk of this.#gop) ws.sendBinary(chunk);
    this.#viewers.add(ws);
    return true;
  }

  leave(ws: ServerWebSocket<unknown>): void {
    this.#viewers.delete(ws);
  }

  stop(): void {
    for (const ws of this.#viewers) ws.close();
    this.#viewers.clear();
    this.#listener.stop(true);
  }
}
