import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { IngestLog } from '../publish-registry.ts';
import { lastSrtError, libsrt } from './libsrt.ts';
import { encodeSockaddr } from './socket-address.ts';
import {
  describeRejectCode,
  SRT_EPOLL_ERR,
  SRT_EPOLL_IN,
  SRT_EPOLL_OUT,
  SRT_REJ_TIMEOUT,
  SRTO,
  SRTS,
} from './srt-constants.ts';
import { SrtMessageReader } from './srt-message-reader.ts';
import { SrtPollLoop } from './srt-poll-loop.ts';
import { setIntOption, setStringOption } from './srt-socket-options.ts';
import { type SrtStats, SrtStatsSampler } from './srt-stats.ts';
import { describeSrtTarget, parseSrtUrl, type SrtCallerTarget } from './srt-url.ts';

export interface SrtCallerOptions {
  /** `srt://host:port?streamid=...&passphrase=...&latency=...` (see srt-url.ts). */
  url: string;
  /** MPEG-TS from the remote listener, one chunk per poll. */
  onData: (bytes: Uint8Array) => void;
  /** Called once: the connection failed, was refused or dropped. Not called for close(). */
  onClosed: (reason: string) => void;
  onConnected?: () => void;
  onStats?: (stats: SrtStats) => void;
  statsIntervalMs?: number;
  log?: IngestLog;
}

/**
 * Pulls a live MPEG-TS stream from a remote SRT listener (caller mode). One attempt
 * per instance: whoever owns it reconnects by making a new one after onClosed.
 */
export class SrtCaller {
  readonly #options: SrtCallerOptions;
  readonly #target: SrtCallerTarget;
  readonly #reader = new SrtMessageReader();
  readonly #stats = new SrtStatsSampler();
  #sock = -1;
  #loop: SrtPollLoop | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #state: 'new' | 'connecting' | 'connected' | 'closed' = 'new';

  /** Throws when the URL is not a valid SRT caller URL (the message never holds secrets). */
  constructor(options: SrtCallerOptions) {
    const parsed = parseSrtUrl(options.url);
    if (!parsed.ok) throw new Error(`invalid SRT URL: ${parsed.error}`);
    const { statsIntervalMs = 1000 } = options;
    if (!Number.isInteger(statsIntervalMs) || statsIntervalMs < 50)
      throw new Error(`SrtCaller: statsIntervalMs must be a whole number >= 50, not ${statsIntervalMs}`);
    this.#options = options;
    this.#target = parsed.target;
  }

  get connected(): boolean {
    return this.#state === 'connected';
  }

  /** Starts connecting; resolves once the attempt is under way (outcomes arrive through the callbacks). */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error('SrtCaller can be started once');
    this.#state = 'connecting';
    libsrt().srt_startup();
    let ip: string;
    try {
      ip = isIP(this.#target.host) ? this.#target.host : (await lookup(this.#target.host)).address;
    } catch (error) {
      this.#finish(`cannot resolve ${this.#target.host}: ${(error as Error).message}`);
      return;
    }
    if (this.#state !== 'connecting') return; // closed while resolving
    try {
      this.#connect(ip);
    } catch (error) {
      this.#finish((error as Error).message);
    }
  }

  close(): void {
    this.#finish(undefined);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #connect(ip: string): void {
    const srt = libsrt();
    const target = this.#target;
    this.#sock = srt.srt_create_socket();
    if (this.#sock < 0) throw new Error(`srt_create_socket: ${lastSrtError().message}`);
    // Non-blocking connect: the outcome is an epoll event (OUT: connected, ERR: failed).
    setIntOption(this.#sock, SRTO.RCVSYN, 0);
    setIntOption(this.#sock, SRTO.SNDSYN, 0);
    if (target.streamId !== undefined) setStringOption(this.#sock, SRTO.STREAMID, target.streamId);
    if (target.passphrase !== undefined) setStringOption(this.#sock, SRTO.PASSPHRASE, target.passphrase);
    if (target.pbkeylen !== undefined) setIntOption(this.#sock, SRTO.PBKEYLEN, target.pbkeylen);
    if (target.latencyMs !== undefined) setIntOption(this.#sock, SRTO.RCVLATENCY, target.latencyMs);
    if (target.connectTimeoutMs !== undefined)
      setIntOption(this.#sock, SRTO.CONNTIMEO, target.connectTimeoutMs);

    this.#loop = new SrtPollLoop({
      onEvent: (_sock, events) => this.#onEvent(events),
      onError: (error) => this.#finish(`SRT caller: ${(error as Error).message}`),
    });
    this.#loop.add(this.#sock, SRT_EPOLL_IN | SRT_EPOLL_OUT | SRT_EPOLL_ERR, 'media');
    const address = encodeSockaddr(ip, target.port);
    if (srt.srt_connect(this.#sock, address, address.length) < 0)
      throw new Error(`cannot connect to ${describeSrtTarget(target)}: ${this.#failure()}`);
    this.#loop.start();
  }

  #onEvent(events: number): void {
    const state = libsrt().srt_getsockstate(this.#sock);
    if (this.#state === 'connecting') {
      if (state === SRTS.CONNECTED) {
        this.#state = 'connected';
        this.#loop?.update(this.#sock, SRT_EPOLL_IN | SRT_EPOLL_ERR);
        this.#statsTimer = setInterval(() => this.#reportStats(), this.#options.statsIntervalMs ?? 1000);
        this.#options.log?.('info', 'SRT pull connected', { url: describeSrtTarget(this.#target) });
        this.#options.onConnected?.();
      } else if (events & SRT_EPOLL_ERR || state >= SRTS.BROKEN) {
        this.#finish(`cannot connect to ${describeSrtTarget(this.#target)}: ${this.#failure()}`);
        return;
      }
    }
    if (this.#state !== 'connected') return;
    const { bytes, error } = this.#reader.read(this.#sock);
    if (bytes) this.#options.onData(bytes);
    if (this.#state !== 'connected') return; // onData closed us
    if (error || (events & SRT_EPOLL_ERR && libsrt().srt_getsockstate(this.#sock) !== SRTS.CONNECTED))
      this.#finish(`the SRT source closed the connection${error ? ` (${error.message})` : ''}`);
  }

  /** Why a connection failed: the listener's rejection reason when it sent one. */
  #failure(): string {
    const srt = libsrt();
    const reason = srt.srt_getrejectreason(this.#sock);
    if (reason === SRT_REJ_TIMEOUT) return 'no answer (connection timeout)';
    if (reason >= 1000) return `refused: ${describeRejectCode(reason)}`;
    if (reason > 0) return `refused: ${String(srt.srt_rejectreason_str(reason))}`;
    return lastSrtError().message;
  }

  #reportStats(): void {
    const stats = this.#stats.sample(this.#sock);
    if (stats) this.#options.onStats?.(stats);
  }

  #finish(reason: string | undefined): void {
    if (this.#state === 'closed') return;
    const started = this.#state !== 'new';
    this.#state = 'closed';
    clearInterval(this.#statsTimer);
    this.#loop?.close();
    const srt = libsrt();
    if (this.#sock >= 0) srt.srt_close(this.#sock);
    this.#sock = -1;
    if (started) srt.srt_cleanup();
    if (reason === undefined) return;
    this.#options.log?.('warn', `SRT pull ended: ${reason}`, { url: describeSrtTarget(this.#target) });
    this.#options.onClosed(reason);
  }
}
