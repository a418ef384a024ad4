import { cc, type Library, type Pointer } from 'bun:ffi';
import { fileURLToPath } from 'node:url';
import { maskSecret } from '../../state/secret-token.ts';
import { libsrtSoname } from './libsrt.ts';
import { rejectCodeForStatus } from './srt-constants.ts';

/**
 * The JS side of srt-listen-gate.c: the handshake decision runs in C on libsrt's
 * thread (see the comment at the top of the C file for why); this class feeds it the
 * key table and reads back what it admitted and refused.
 */

/** One stream key the listener admits (or refuses) during the SRT handshake. */
export interface SrtKeyEntry {
  streamKey: string;
  /** The passphrase the publisher must encrypt with (10..79 characters); none: unencrypted. */
  passphrase?: string;
  /** Receiver latency (SRTO_RCVLATENCY) for this stream, in ms. */
  latencyMs: number;
  /** Refuse in the handshake with this gate status (403 disabled, 409 busy); absent: admit. */
  refuse?: 401 | 403 | 409;
}

export interface HandshakeEvent {
  /** 0: admitted (libsrt may still fail it, e.g. on the passphrase); else the SRT_REJX code sent. */
  code: number;
  /** `ip:port` of the caller. */
  peer: string;
  /** The stream id as sent (a secret: mask before logging). */
  streamId: string;
}

const shimSymbols = {
  tw_srt_gate_load: { args: ['cstring'], returns: 'int' },
  tw_srt_parse_stream_id: { args: ['ptr', 'ptr', 'int'], returns: 'int' },
  tw_srt_gate_create: { args: [], returns: 'ptr' },
  tw_srt_gate_attach: { args: ['ptr', 'int'], returns: 'int' },
  tw_srt_gate_stage: { args: ['ptr', 'int'], returns: 'int' },
  tw_srt_gate_stage_key: { args: ['ptr', 'ptr', 'ptr', 'int', 'int'], returns: 'int' },
  tw_srt_gate_publish: { args: ['ptr'], returns: 'int' },
  tw_srt_gate_next_event: { args: ['ptr', 'ptr', 'ptr', 'int', 'ptr', 'int'], returns: 'int' },
  tw_srt_gate_take_dropped: { args: ['ptr'], returns: 'int' },
  tw_srt_gate_close: { args: ['ptr'], returns: 'void' },
} as const;

type Shim = Library<typeof shimSymbols>['symbols'];
/**
 * The compiled library, held for the life of the process: if it were collected, Bun
 * would free the machine code that libsrt still calls as the listen hook.
 */
let compiled: Library<typeof shimSymbols> | undefined;

/** Compiles the shim once per process (TinyCC, in-process: ~50 ms). */
function shim(): Shim {
  if (compiled) return compiled.symbols;
  const library = cc({
    source: fileURLToPath(new URL('./srt-listen-gate.c', import.meta.url)),
    // No system headers: the production image has none (see the C file).
    flags: ['-nostdinc'],
    symbols: shimSymbols,
  });
  const loadResult = library.symbols.tw_srt_gate_load(Buffer.from(`${libsrtSoname()}\0`));
  if (loadResult !== 0) throw new Error(`srt-listen-gate: cannot bind libsrt (${loadResult})`);
  compiled = library;
  return library.symbols;
}

const KEY_CAPACITY = 257;

export type StreamIdParse = { ok: true; streamKey: string } | { ok: false; rejectCode: number };

/** The stream id grammar of the handshake hook, for sockets it admitted and for tests. */
export function parseStreamId(streamId: string): StreamIdParse {
  const key = new Uint8Array(KEY_CAPACITY);
  const code = shim().tw_srt_parse_stream_id(cString(streamId), key, KEY_CAPACITY);
  if (code !== 0) return { ok: false, rejectCode: code };
  return { ok: true, streamKey: Buffer.from(key.subarray(0, key.indexOf(0))).toString('latin1') };
}

/** A passphrase libsrt accepts: 10..79 bytes. */
export function isValidPassphrase(passphrase: string): boolean {
  const length = Buffer.byteLength(passphrase, 'utf8');
  return length >= 10 && length <= 79 && !passphrase.includes('\0');
}

export class SrtListenGate {
  readonly #gate: Pointer | bigint;
  #closed = false;
  // Read once per poll tick (100 times a second with a publisher): allocated once.
  readonly #eventBuffers = {
    code: new Int32Array(1),
    peer: new Uint8Array(64),
    streamId: new Uint8Array(128),
  };

  constructor() {
    const gate = shim().tw_srt_gate_create();
    if (gate === null) throw new Error('srt-listen-gate: out of memory');
    this.#gate = gate;
  }

  /** Installs the hook on a bound, not yet listening, SRT socket. */
  attach(listener: number): void {
    if (shim().tw_srt_gate_attach(this.#gate, listener) !== 0) throw new Error('srt_listen_callback failed');
  }

  /**
   * Replaces the whole key table the hook decides from. Entries the hook could never
   * match or libsrt would refuse (bad key characters, passphrase length) are returned
   * as problems and left out: their publishers are refused as unknown.
   */
  publishKeys(entries: Iterable<SrtKeyEntry>): { count: number; problems: string[] } {
    const unique = new Map<string, SrtKeyEntry>();
    const problems: string[] = [];
    for (const entry of entries) {
      const parsed = parseStreamId(`publish:${entry.streamKey}`);
      if (!parsed.ok || parsed.streamKey !== entry.streamKey) {
        problems.push(
          `stream key ${maskSecret(entry.streamKey)} has characters an SRT stream id cannot carry`,
        );
      } else if (
        entry.passphrase !== undefined &&
        entry.passphrase !== '' &&
        !isValidPassphrase(entry.passphrase)
      ) {
        problems.push(
          `stream key ${maskSecret(entry.streamKey)}: the SRT passphrase is not 10..79 characters`,
        );
      } else if (!Number.isInteger(entry.latencyMs) || entry.latencyMs < 0 || entry.latencyMs > 60_000) {
        problems.push(
          `stream key ${maskSecret(entry.streamKey)}: SRT latency ${entry.latencyMs} is not 0..60000 ms`,
        );
      } else {
        unique.set(entry.streamKey, entry);
      }
    }
    const lib = shim();
    if (this.#closed) return { count: 0, problems };
    if (lib.tw_srt_gate_stage(this.#gate, unique.size) !== 0)
      throw new Error('srt-listen-gate: out of memory');
    for (const entry of unique.values()) {
      const passphrase = entry.passphrase ? cString(entry.passphrase) : null;
      const refuse = entry.refuse ? rejectCodeForStatus(entry.refuse) : 0;
      if (
        lib.tw_srt_gate_stage_key(
          this.#gate,
          cString(entry.streamKey),
          passphrase,
          entry.latencyMs,
          refuse,
        ) !== 0
      )
        throw new Error('srt-listen-gate: cannot stage a key');
    }
    lib.tw_srt_gate_publish(this.#gate);
    return { count: unique.size, problems };
  }

  /** What the hook answered since the last call, oldest first, and how many it could not record. */
  takeHandshakes(): { handshakes: HandshakeEvent[]; dropped: number } {
    const lib = shim();
    const handshakes: HandshakeEvent[] = [];
    const { code, peer, streamId } = this.#eventBuffers;
    while (lib.tw_srt_gate_next_event(this.#gate, code, peer, peer.length, streamId, streamId.length) === 1) {
      handshakes.push({ code: code[0] ?? 0, peer: cText(peer), streamId: cText(streamId) });
    }
    return { handshakes, dropped: lib.tw_srt_gate_take_dropped(this.#gate) };
  }

  /** Refuses later handshakes and frees the table; call before closing the listener socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    shim().tw_srt_gate_close(this.#gate);
  }
}

function cString(text: string): Buffer {
  return Buffer.from(`${text.replaceAll('\0', '')}\0`, 'utf8');
}

function cText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString('utf8');
}
