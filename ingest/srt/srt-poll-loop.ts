import { lastSrtError, libsrt } from './libsrt.ts';

/**
 * Readiness for a set of SRT sockets, polled on the JS thread: each tick asks
 * srt_epoll_uwait with a zero timeout (~0.3 us, it never blocks the event loop) and
 * hands every ready socket to `onEvent`.
 *
 * Why a poll and not a waiting thread: libsrt wakes a waiter only by blocking a thread
 * in srt_epoll_wait, and the one way from a foreign thread back into JS (a threadsafe
 * JSCallback) is not safe in Bun. A Worker blocking in srt_epoll_wait would work, but
 * adds a thread, a message hop and a copy per chunk, and wakes once per delivered
 * packet; the poll's cost is flat whatever the bitrate. Measured (2-core VM, Bun
 * 1.4.5): libsrt's own threads take ~0.7 % of a core with a listener open; this poll
 * adds ~0.3 % at the 50 ms idle interval and ~1.6 % at 5 ms; a listener with one
 * 2.2 Mbit/s publisher totals 3-5 %. A Worker idling in srt_epoll_wait added about the
 * same ~0.3 % as the idle poll, so it would buy nothing at idle.
 * Latency: a 5 ms poll put the median send -> feed.write ~4 ms above a 1 ms poll, on a
 * path that already holds every packet for the SRT latency (120 ms by default). With media
 * the tick is 10 ms: half the wakeups (and half the writes to FFmpeg's stdin) of 5 ms for
 * ~2.5 ms more median delay.
 * With no media socket the tick slows to 100 ms: new connections wait in libsrt's accept
 * queue meanwhile (the handshake itself is answered by srt-listen-gate.c), so a publisher's
 * first bytes are taken at most 100 ms later, once per session; an idle origin wakes 10
 * times a second for it instead of 20.
 */
export const MEDIA_POLL_INTERVAL_MS = 10;
export const IDLE_POLL_INTERVAL_MS = 100;
const MAX_EVENTS = 64;

export type SocketRole = 'listener' | 'media';

export interface SrtPollLoopOptions {
  onEvent: (sock: number, events: number) => void;
  /** Extra work once per tick, after the events. */
  onTick?: () => void;
  /** A handler threw: the loop goes on. */
  onError?: (error: unknown) => void;
}

export class SrtPollLoop {
  readonly #options: SrtPollLoopOptions;
  readonly #eid: number;
  readonly #roles = new Map<number, SocketRole>();
  readonly #events = new Int32Array(MAX_EVENTS * 2);
  #mediaSockets = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: SrtPollLoopOptions) {
    this.#options = options;
    this.#eid = libsrt().srt_epoll_create();
    if (this.#eid < 0) throw new Error(`srt_epoll_create: ${lastSrtError().message}`);
  }

  add(sock: number, events: number, role: SocketRole): void {
    if (libsrt().srt_epoll_add_usock(this.#eid, sock, new Int32Array([events])) !== 0)
      throw new Error(`srt_epoll_add_usock: ${lastSrtError().message}`);
    if (!this.#roles.has(sock) && role === 'media') this.#mediaSockets++;
    this.#roles.set(sock, role);
    if (role === 'media') this.#reschedule();
  }

  update(sock: number, events: number): void {
    libsrt().srt_epoll_update_usock(this.#eid, sock, new Int32Array([events]));
  }

  remove(sock: number): void {
    const role = this.#roles.get(sock);
    if (role === undefined) return;
    this.#roles.delete(sock);
    if (role === 'media') this.#mediaSockets--;
    libsrt().srt_epoll_remove_usock(this.#eid, sock);
  }

  start(): void {
    this.#reschedule();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    libsrt().srt_epoll_release(this.#eid);
  }

  get intervalMs(): number {
    return this.#mediaSockets > 0 ? MEDIA_POLL_INTERVAL_MS : IDLE_POLL_INTERVAL_MS;
  }

  /** Media arriving on an idle loop should not wait out the slow interval. */
  #reschedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), this.intervalMs);
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const ready = libsrt().srt_epoll_uwait(this.#eid, this.#events, MAX_EVENTS, 0);
    for (let i = 0; i < ready && !this.#closed; i++) {
      const sock = this.#events[i * 2] ?? -1;
      const events = this.#events[i * 2 + 1] ?? 0;
      this.#guard(() => this.#options.onEvent(sock, events));
    }
    if (!this.#closed && this.#options.onTick) this.#guard(this.#options.onTick);
    if (!this.#closed) this.#timer = setTimeout(() => this.#tick(), this.intervalMs);
  }

  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
