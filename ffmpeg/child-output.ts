/**
 * A child's extra output fd, read through Bun's socket layer.
 *
 * Bun backs extra 'pipe' stdio slots with non-blocking socketpairs and hands the parent
 * end to whoever reads `proc.stdio`. Read as `Bun.file(fd).stream()`, every chunk cost
 * about five syscalls (the read, two more reads that find nothing, two epoll_ctl to
 * re-arm) and a chain of promises; with a three-rung ladder (~110 chunks a second) that
 * was a third of the origin's JS time. `Bun.connect({ fd })` adopts the socket into the
 * event loop that serves HTTP: one recv per chunk, delivered to a callback. Measured
 * (4 outputs, ~300 chunks/s, Bun 1.4.5): 1.45 % of a core against 2.2 % for the stream;
 * wrapping the callback in a ReadableStream again gives back a third of the gain, so the
 * media path takes the callback (`read`) and `stream()` is for tests and one-off reads.
 *
 * The fd belongs to us: Bun closes it when the socket closes (EOF, error, or a callback
 * that threw), and FFmpeg then gets EPIPE on its side.
 */
import type { Socket, Subprocess } from 'bun';

export interface ChildOutput {
  /**
   * Hands each chunk to `onData` as it arrives, in order. Resolves at end of file; rejects
   * with what `onData` threw (the output is then closed) or with the socket's error.
   * An output is read once.
   */
  read(onData: (bytes: Uint8Array) => void): Promise<void>;
  /** The same bytes as a stream, for tests and one-off reads (not the media path). */
  stream(): ReadableStream<Uint8Array>;
}

// The fd form of Bun.connect is implemented but missing from bun-types' overloads.
const adoptSocket = Bun.connect as unknown as (options: Bun.FdSocketOptions<undefined>) => Promise<Socket>;

export function childOutput(fd: number): ChildOutput {
  let taken = false;
  const read = (onData: (bytes: Uint8Array) => void) => {
    if (taken) return Promise.reject(new Error(`child output fd ${fd} is already being read`));
    taken = true;
    return new Promise<void>((resolve, reject) => {
      let failure: { error: unknown } | undefined;
      adoptSocket({
        fd,
        socket: {
          data(socket, bytes) {
            if (failure) return;
            try {
              onData(bytes);
            } catch (error) {
              failure = { error };
              socket.terminate();
            }
          },
          error(_socket, error) {
            failure ??= { error };
          },
          close() {
            if (failure) reject(failure.error);
            else resolve();
          },
        },
      }).catch(reject);
    });
  };
  return {
    read,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          read((bytes) => controller.enqueue(bytes)).then(
            () => controller.close(),
            (error) => controller.error(error),
          );
        },
      }),
  };
}

/**
 * The output a child writes on `childFd` (an extra 'pipe' stdio slot). `what` names it in
 * the error when the child has no pipe there. Call once per fd: reading `proc.stdio`
 * transfers the fd to us.
 */
export function childOutputOn(proc: Pick<Subprocess, 'stdio'>, childFd: number, what: string): ChildOutput {
  const fd = proc.stdio[childFd];
  if (typeof fd !== 'number') throw new Error(`child has no pipe on fd ${childFd} for ${what}`);
  return childOutput(fd);
}
