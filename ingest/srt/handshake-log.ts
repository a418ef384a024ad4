import { maskSecret } from '../../state/secret-token.ts';
import type { IngestLog } from '../publish-registry.ts';
import { describeRejectCode } from './srt-constants.ts';
import { type HandshakeEvent, parseStreamId } from './srt-listen-gate.ts';

/** An admitted handshake with no accepted socket after this long failed inside libsrt. */
const SETTLE_MS = 5000;
const MAX_PENDING = 256;

/**
 * Turns the handshake hook's events into log lines. Refusals are logged as they come.
 * An admitted handshake that never turns into an accepted socket was failed by libsrt
 * itself after the hook, almost always on encryption (wrong or missing passphrase),
 * which libsrt does not report to the listening application: it is logged once it is
 * clearly not coming.
 */
export class HandshakeLog {
  readonly #log: IngestLog | undefined;
  readonly #now: () => number;
  /** peer `ip:port` -> when the hook admitted it, and for which key. */
  readonly #pending = new Map<string, { at: number; key: string }>();

  constructor(options: { log?: IngestLog; now?: () => number }) {
    this.#log = options.log;
    this.#now = options.now ?? performance.now.bind(performance);
  }

  record(handshakes: HandshakeEvent[], dropped: number): void {
    for (const { code, peer, streamId } of handshakes) {
      const parsed = parseStreamId(streamId);
      if (code === 0 && parsed.ok) {
        if (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value ?? '');
        this.#pending.set(peer, { at: this.#now(), key: parsed.streamKey });
        continue;
      }
      this.#log?.('warn', `SRT handshake refused: ${describeRejectCode(code)}`, {
        remote: peer,
        ...(parsed.ok ? { key: maskSecret(parsed.streamKey) } : { streamId: maskSecret(streamId) }),
      });
    }
    if (dropped > 0)
      this.#log?.('warn', `SRT handshakes not logged: ${dropped} more arrived faster than the log drains`, {
        dropped,
      });
  }

  /** libsrt handed over the connection the hook admitted. */
  accepted(remote: string): void {
    this.#pending.delete(remote);
  }

  /** Logs admitted handshakes that libsrt failed afterwards. */
  sweep(): void {
    const now = this.#now();
    for (const [peer, { at, key }] of this.#pending) {
      if (now - at < SETTLE_MS) continue;
      this.#pending.delete(peer);
      this.#log?.(
        'warn',
        'SRT handshake failed after the stream key was accepted: wrong or missing passphrase, or the caller gave up',
        { remote: peer, key: maskSecret(key) },
      );
    }
  }
}
