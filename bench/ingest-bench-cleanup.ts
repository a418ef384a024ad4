/**
 * Everything an ingest bench starts, stopped on every way out: the normal end and a
 * thrown error (call `close()` in a finally), Ctrl-C and SIGTERM (handlers installed
 * here). Publishers are killed by their pid; closers (the origin, which reaps its
 * packaging FFmpeg) run next; any FFmpeg child still left after that is killed by pid.
 */
import type { Subprocess } from 'bun';
import { childPids } from './ingest-process-usage.ts';

export interface TrackedProcess {
  proc: Subprocess<'ignore', 'ignore', 'pipe'>;
  /** Last bytes of its stderr, for a failure note. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after 2 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const STDERR_TAIL_BYTES = 2048;

export class BenchCleanup {
  readonly #children = new Set<TrackedProcess>();
  readonly #closers: (() => Promise<void>)[] = [];
  #closing: Promise<void> | undefined;

  constructor() {
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping every process this bench started...`);
      void this.close().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // Last resort if the process exits some other way: no async work possible here.
    process.once('exit', () => {
      for (const child of this.#children) child.proc.kill('SIGKILL');
    });
  }

  spawn(argv: string[]): TrackedProcess {
    const proc = Bun.spawn(argv, { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' });
    let tail = '';
    // Drained so a chatty FFmpeg never blocks on a full pipe.
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of proc.stderr) tail = (tail + decoder.decode(chunk)).slice(-STDERR_TAIL_BYTES);
    })().catch(() => {});
    const child: TrackedProcess = {
      proc,
      stderrTail: () => tail.trim(),
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
        await proc.exited;
        clearTimeout(timer);
      },
    };
    this.#children.add(child);
    void proc.exited.then(() => this.#children.delete(child));
    return child;
  }

  /** Runs at close, after the publishers are gone (latest added runs first). */
  onClose(closer: () => Promise<void>): void {
    this.#closers.unshift(closer);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([...this.#children].map((child) => child.stop()));
      for (const closer of this.#closers) {
        await Promise.race([
          closer().catch((err: Error) => console.error(`cleanup: ${err.message}`)),
          Bun.sleep(10_000),
        ]);
      }
      for (const pid of childPids(process.pid, 'ffmpeg')) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    })();
    return this.#closing;
  }
}
