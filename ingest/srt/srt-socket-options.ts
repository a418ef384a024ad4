import { lastSrtError, libsrt } from './libsrt.ts';

/** srt_setsockflag with an int value; throws with libsrt's message on failure. */
export function setIntOption(sock: number, option: number, value: number): void {
  const result = libsrt().srt_setsockflag(sock, option, new Int32Array([value]), 4);
  if (result !== 0) throw new Error(`srt_setsockflag(${option}, ${value}): ${lastSrtError().message}`);
}

/** srt_setsockflag with a string value (stream id, passphrase): not NUL-terminated, length given. */
export function setStringOption(sock: number, option: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  const result = libsrt().srt_setsockflag(
    sock,
    option,
    bytes.length > 0 ? bytes : new Uint8Array(1),
    bytes.length,
  );
  // libsrt's message can only name the option, never echo the value: safe for secrets.
  if (result !== 0) throw new Error(`srt_setsockflag(${option}): ${lastSrtError().message}`);
}

/** srt_getsockflag for a string option; undefined when the socket is gone. */
export function getStringOption(sock: number, option: number, capacity = 1024): string | undefined {
  const buffer = new Uint8Array(capacity);
  const length = new Int32Array([capacity]);
  if (libsrt().srt_getsockflag(sock, option, buffer, length) !== 0) return undefined;
  return Buffer.from(buffer.subarray(0, Math.max(0, Math.min(capacity, length[0] ?? 0)))).toString('utf8');
}
