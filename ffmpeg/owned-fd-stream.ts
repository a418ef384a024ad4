/**
 * A child's output fd as a byte stream that we own: the fd is closed when the
 * stream ends, errors or is cancelled (FFmpeg then gets EPIPE on it).
 *
 * Bun backs extra 'pipe' stdio slots with non-blocking socketpairs and hands the
 * parent end to whoever reads `proc.stdio`; nobody closes it for us, and
 * node:fs createReadStream fails on it with EAGAIN, while `Bun.file(fd).stream()`
 * polls it correctly. (Same as the private helper in fragmented-outputs.ts,
 * which can import this one.)
 */
import { closeSync } from 'node:fs';

export function ownedFdStream(fd: number): ReadableStream<Uint8Array> {
  const source = Bun.file(fd).stream().getReader();
  let closed = false;
  const release = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await source.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      await source.cancel(reason).catch(() => {});
      release();
    },
  });
}
