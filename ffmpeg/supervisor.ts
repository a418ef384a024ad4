/**
 * Keeps one FFmpeg process alive: spawn (argv array, never a shell), restart
 * after a backoff pause when it dies, give up after `maxAttempts`, keep the
 * last stderr lines for diagnostics, and always reap the child.
 *
 *   idle ─start()─> starting ─spawned─> running ─exit─> backoff ─pause─> starting ...
 *                                         │               └─ attempts used up ─> failed
 *                                         └─ stop() ─ SIGTERM, SIGKILL after a bound ─> stopped
 */
import type { Subprocess } from 'bun';
import { reapOnExit } from './child-reaper.ts';
import {
  DEFAULT_RESTART_POLICY,
  hasExhaustedAttempts,
  type RestartPolicy,
  restartDelayMs,
} from './restart-backoff.ts';
import { StderrRing } from './stderr-ring.ts';

export type SupervisorState = 'idle' | 'starting' | 'running' | 'backoff' | 'failed' | 'stopped';

export interface SupervisorExit {
  code: number | null;
  signal: string | null;
  at: Date;
  ranMs: number;
}

export interface SupervisorEvents {
  state: (state: SupervisorState, previous: SupervisorState) => void;
  spawn: (proc: Subprocess, attempt: number) => void;
  exit: (exit: SupervisorExit) => void;
}

export interface FfmpegSupervisorOptions {
  /** For logs and the stderr ring's markers, e.g. `package:live/abc`. */
  name: string;
  /** Called before every spawn, so each attempt can carry fresh values (a clock offset). */
  args: () => string[];
  binary?: string;
  restart?: Partial<RestartPolicy>;
  stderrLines?: number;
  /** `pipe` when media bytes go in on stdin. */
  stdin?: 'pipe' | 'ignore';
  /** `pipe` for `-progress pipe:1`. */
  stdout?: 'pipe' | 'ignore';
  /** Extra pipes on fds 3, 4, ... (per-track fMP4 outputs). */
  extraPipes?: number;
  /** SIGTERM lets FFmpeg finish its outputs; SIGKILL after this bound. */
  stopTimeoutMs?: number;
  /** When false, exit code 0 (the input ended) stops instead of restarting. */
  restartOnCleanExit?: boolean;
  env?: Record<string, string | undefined>;
  /** Wire up stdin/stdout/extra fds of each new process. Throwing kills that attempt. */
  onSpawn?: (proc: Subprocess, attempt: number) => void;
  onState?: SupervisorEvents['state'];
  /** Injectable jitter source for deterministic tests. */
  random?: () => number;
}

export class FfmpegSupervisor implements AsyncDisposable {
  readonly name: string;
  readonly #options: FfmpegSupervisorOptions;
  readonly #policy: RestartPolicy;
  readonly #ring: StderrRing;
  readonly #listeners: { [E in keyof SupervisorEvents]: Set<SupervisorEvents[E]> } = {
    state: new Set(),
    spawn: new Set(),
    exit: new Set(),
  };
  #state: SupervisorState = 'idle';
  #proc: Subprocess | undefined;
  #run: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopRequested = false;
  #attempts = 0;
  #failures = 0;
  #lastExit: SupervisorExit | undefined;

  constructor(options: FfmpegSupervisorOptions) {
    this.name = options.name;
    this.#options = options;
    this.#policy = { ...DEFAULT_RESTART_POLICY, ...options.restart };
    this.#ring = new StderrRing(options.stderrLines ?? 200);
    if (options.onState) this.on('state', options.onState);
  }

  get state(): SupervisorState {
    return this.#state;
  }
  /** Spawns since the last `start()`. */
  get attempts(): number {
    return this.#attempts;
  }
  /** Failed runs in a row (reset by a run longer than `resetAfterMs`). */
  get consecutiveFailures(): number {
    return this.#failures;
  }
  get lastExit(): SupervisorExit | undefined {
    return this.#lastExit;
  }
  get pid(): number | undefined {
    return this.#proc?.pid;
  }
  stderrTail(): string[] {
    return this.#ring.lines();
  }

  on<E extends keyof SupervisorEvents>(event: E, listener: SupervisorEvents[E]): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  start(): void {
    if (this.#state === 'starting' || this.#state === 'running' || this.#state === 'backoff') return;
    this.#stopRequested = false;
    this.#attempts = 0;
    this.#failures = 0;
    this.#spawn();
  }

  /** Resolves once no child is left: SIGTERM, then SIGKILL after `stopTimeoutMs`. */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const proc = this.#proc;
    if (proc) {
      signal(proc, 'SIGTERM');
      const killer = setTimeout(() => signal(proc, 'SIGKILL'), this.#options.stopTimeoutMs ?? 3000);
      await this.#run;
      clearTimeout(killer);
    }
    if (this.#state !== 'stopped') this.#setState('stopped');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #spawn(): void {
    this.#setState('starting');
    this.#attempts += 1;
    const attempt = this.#attempts;
    const startedAt = performance.now();
    let proc: Subprocess;
    try {
      const extra = Array.from({ length: this.#options.extraPipes ?? 0 }, () => 'pipe' as const);
      proc = Bun.spawn([this.#options.binary ?? 'ffmpeg', ...this.#options.args()], {
        stdio: [this.#options.stdin ?? 'ignore', this.#options.stdout ?? 'ignore', 'pipe', ...extra],
        env: this.#options.env,
      });
    } catch (error) {
      // e.g. ENOENT for the binary: a failed attempt like any other crash.
      this.#ring.push(`--- ${this.name} attempt ${attempt}: spawn failed: ${String(error)}`);
      this.#afterExit({ code: null, signal: null, at: new Date(), ranMs: 0 });
      return;
    }
    this.#proc = proc;
    this.#ring.push(`--- ${this.name} attempt ${attempt} pid ${proc.pid}`);
    const release = reapOnExit(proc);
    const stderrDrained = this.#drainStderr(proc.stderr as ReadableStream<Uint8Array>);
    this.#run = proc.exited.then(async () => {
      await stderrDrained;
      release();
      this.#proc = undefined;
      const ranMs = Math.round(performance.now() - startedAt);
      const signalCode = proc.signalCode === null ? null : String(proc.signalCode);
      const exit = { code: proc.exitCode, signal: signalCode, at: new Date(), ranMs };
      this.#ring.push(`--- ${this.name} exited code=${exit.code} signal=${exit.signal} after ${ranMs} ms`);
      this.#afterExit(exit);
    });
    this.#setState('running');
    try {
      this.#options.onSpawn?.(proc, attempt);
      this.#emit('spawn', proc, attempt);
    } catch (error) {
      this.#ring.push(`--- ${this.name} onSpawn failed: ${String(error)}`);
      signal(proc, 'SIGKILL');
    }
  }

  #afterExit(exit: SupervisorExit): void {
    this.#lastExit = exit;
    this.#emit('exit', exit);
    if (this.#stopRequested || (exit.code === 0 && this.#options.restartOnCleanExit === false)) {
      this.#setState('stopped');
      return;
    }
    if (exit.ranMs >= this.#policy.resetAfterMs) this.#failures = 0;
    this.#failures += 1;
    if (hasExhaustedAttempts(this.#policy, this.#failures)) {
      this.#setState('failed');
      return;
    }
    const delay = restartDelayMs(this.#policy, this.#failures, this.#options.random);
    this.#setState('backoff');
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopRequested) this.#spawn();
    }, delay);
  }

  async #drainStderr(stderr: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stderr) this.#ring.write(chunk);
    } catch (error) {
      this.#ring.push(`--- ${this.name} stderr read failed: ${String(error)}`);
    }
    this.#ring.end();
  }

  #setState(next: SupervisorState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.#emit('state', next, previous);
  }

  #emit<E extends keyof SupervisorEvents>(event: E, ...args: Parameters<SupervisorEvents[E]>): void {
    for (const listener of this.#listeners[event]) {
      try {
        (listener as (...a: Parameters<SupervisorEvents[E]>) => void)(...args);
      } catch (error) {
        // a broken listener must not break supervision; leave a trace for diagnostics
        this.#ring.push(`--- ${this.name} ${event} listener threw: ${String(error)}`);
      }
    }
  }
}

function signal(proc: Subprocess, name: NodeJS.Signals): void {
  try {
    proc.kill(name);
  } catch {
    // already exited: nothing to signal
  }
}
