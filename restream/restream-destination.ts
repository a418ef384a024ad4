/**
 * One restream destination: its own supervised FFmpeg pushing the stream's MPEG-TS to
 * one target, a loop with explicit state (states in defs/destination.ts).
 *
 * - Input never waits: `write()` is synchronous and bounded. Bytes go through the
 *   keyframe gate into FFmpeg's stdin; past `maxPendingBytes` waiting, the chunk is
 *   dropped and counted and the gate waits for the next keyframe, so FFmpeg always
 *   sees decodable runs. No FFmpeg running: the bytes are skipped.
 * - "live" only while the output moves (see push-progress.ts). A session whose output
 *   stands still for `stallTimeoutMs` while the stream is sending is killed and retried
 *   (flow-watchdog.ts decides): a target that stops reading never leaves a process
 *   hanging on "connecting".
 * - Retries with exponential backoff and jitter (FfmpegSupervisor), forever unless
 *   `restart.maxAttempts` says otherwise; `lastError` comes from FFmpeg's stderr.
 * - The key never leaves this object unmasked: state info, log lines, stderr tail.
 */
import type { FileSink, Subprocess } from 'bun';
import type {
  DestinationProtocol,
  RestreamDestinationStatus,
  RestreamLogEntry,
  RestreamLogLevel,
  RestreamState,
} from '../defs/destination.ts';
import { BoundedStdin } from '../ffmpeg/bounded-stdin.ts';
import { ProgressParser } from '../ffmpeg/progress.ts';
import type { RestartPolicy } from '../ffmpeg/restart-backoff.ts';
import { parseDestinationUrl, type RestreamEncodeProfile, restreamArgs } from '../ffmpeg/restream-args.ts';
import { FfmpegSupervisor, type SupervisorExit } from '../ffmpeg/supervisor.ts';
import { DestinationLog } from './destination-log.ts';
import { FlowWatchdog } from './flow-watchdog.ts';
import { MpegTsKeyframeGate } from './mpegts-keyframe-gate.ts';
import { PushProgress } from './push-progress.ts';
import type { RestreamLog, RestreamStateInfo } from './restream-state.ts';
import { SecretMasker } from './secret-masker.ts';
import { sessionError } from './session-error.ts';

export interface RestreamDestinationOptions {
  id: string;
  /** For logs and state info. */
  streamId?: string;
  /** Validated here: an invalid URL throws `ValidationError`. */
  url: string;
  encode?: RestreamEncodeProfile;
  /** Bytes that may wait for FFmpeg to read them; more are dropped. Default 1 MiB (~2 s at 4 Mbit/s). */
  maxPendingBytes?: number;
  /** Backoff between sessions; `maxAttempts: 0` retries forever (the default). */
  restart?: Partial<RestartPolicy>;
  /** "live" while the output moved within this window. Default 3 s. */
  liveWindowMs?: number;
  /** Kill and retry a session whose output has not moved for this long while the stream sends. Default 10 s. */
  stallTimeoutMs?: number;
  /** On the stream's end, how long FFmpeg may take to push what it has before it is stopped. Default 2 s. */
  drainTimeoutMs?: number;
  /** Entries kept in the destination's log. Default 100. */
  logEntries?: number;
  binary?: string;
  log?: RestreamLog;
  onState?: (state: RestreamState, previous: RestreamState, info: RestreamStateInfo) => void;
}

export const DEFAULT_RESTREAM_RESTART: Partial<RestartPolicy> = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
  jitter: 0.3,
  maxAttempts: 0,
  // a session that ran this long was healthy: the next failure starts the backoff over
  resetAfterMs: 30_000,
};

const WATCHDOG_INTERVAL_MS = 500;
/** Between two "dropping" warnings: a destination that keeps falling behind must not flood the log. */
const DROP_LOG_INTERVAL_MS = 10_000;

export class RestreamDestination implements AsyncDisposable {
  readonly id: string;
  readonly streamId: string | undefined;
  readonly protocol: DestinationProtocol;
  readonly #options: RestreamDestinationOptions;
  readonly #masker: SecretMasker;
  readonly #supervisor: FfmpegSupervisor;
  readonly #gate = new MpegTsKeyframeGate();
  readonly #progress = new PushProgress();
  readonly #flow: FlowWatchdog;
  readonly #events: DestinationLog;
  readonly #maxPendingBytes: number;

  #state: RestreamState = 'idle';
  #since = new Date();
  #reason = 'not started';
  #lastError: string | null = null;
  #lastErrorAt: Date | null = null;
  #liveSince: number | undefined;
  #sessions = 0;
  #proc: Subprocess | undefined;
  #stdin: BoundedStdin | undefined;
  #killReason: string | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  /** Set from stop()/sourceEnded() until the next start(): exits are expected, no retry, no error. */
  #halting: RestreamState | undefined;
  #haltInProgress: Promise<void> | undefined;
  #startWhenHalted = false;
  #closed = false;

  #bytesIn = 0;
  #bytesFed = 0;
  #droppedBytes = 0;
  #droppedChunks = 0;
  #noSessionBytes = 0;
  #lastDropLogAt = Number.NEGATIVE_INFINITY;

  constructor(options: RestreamDestinationOptions) {
    const target = parseDestinationUrl(options.url);
    // build once: a bad encode profile fails here, not at every spawn
    const args = restreamArgs({ url: options.url, encode: options.encode });
    this.id = options.id;
    this.streamId = options.streamId;
    this.protocol = target.protocol;
    this.#options = options;
    this.#masker = new SecretMasker(options.url, target.secrets);
    this.#events = new DestinationLog(options.logEntries ?? 100);
    this.#maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
    this.#flow = new FlowWatchdog({
      progress: this.#progress,
      liveWindowMs: options.liveWindowMs ?? 3000,
      stallTimeoutMs: options.stallTimeoutMs ?? 10_000,
    });
    this.#supervisor = new FfmpegSupervisor({
      // no URL in the name: it marks the stderr ring and may be logged
      name: `restream:${options.streamId ?? '-'}/${options.id}`,
      args: () => args,
      binary: options.binary,
      restart: { ...DEFAULT_RESTREAM_RESTART, ...options.restart },
      stdin: 'pipe',
      stdout: 'pipe',
      stderrLines: 60,
      stopTimeoutMs: 2000,
      onSpawn: (proc) => this.#onSpawn(proc),
    });
    this.#supervisor.on('exit', (exit) => this.#onExit(exit));
    this.#supervisor.on('state', (state) => {
      if (this.#halting) return;
      if (state === 'backoff')
        this.#setState('retrying', `retrying after: ${this.#lastError ?? 'FFmpeg exited'}`);
      if (state === 'failed')
        this.#setState('failed', `gave up after ${this.#supervisor.consecutiveFailures} failed attempts`);
    });
  }

  get state(): RestreamState {
    return this.#state;
  }

  get lastError(): string | null {
    return this.#lastError;
  }

  /** The URL as it may be shown (key masked). */
  get maskedUrl(): string {
    return this.#masker.maskedUrl;
  }

  get pid(): number | undefined {
    return this.#supervisor.pid;
  }

  /** Start pushing (again): a new session, backoff counters reset. No-op while already running. */
  start(): void {
    if (this.#closed) throw new Error(`restream destination ${this.id} is closed`);
    if (this.#haltInProgress) {
      // the stream ended and went live again at once: start once the old session is gone
      this.#startWhenHalted = true;
      return;
    }
    if (this.#state === 'connecting' || this.#state === 'live' || this.#state === 'retrying') return;
    this.#halting = undefined;
    this.#sessions = 0;
    this.#note('info', `starting: ${this.maskedUrl}`);
    this.#supervisor.start();
  }

  /** Stop by request: no retry until start() is called again. */
  async stop(): Promise<void> {
    if (!this.#closed) await this.#halt('stopped', 'stopped by request', false);
  }

  /** The stream ended: let FFmpeg push what it has (EOF on stdin), then stop; state idle. */
  async sourceEnded(): Promise<void> {
    if (!this.#closed) await this.#halt('idle', 'the stream ended', true);
  }

  /**
   * The source began anew (a new packaging session: its timestamps start over, which an
   * FLV or RTSP muxer refuses mid-session): push what FFmpeg has, then a fresh session.
   * Nothing happens to a destination that is not running.
   */
  async sourceRestarted(): Promise<void> {
    if (this.#closed || !['connecting', 'live', 'retrying'].includes(this.#state)) return;
    const halted = this.#halt('idle', 'the source restarted', true);
    this.#startWhenHalted = true;
    await halted;
  }

  /** Stops for good: no FFmpeg is left when it resolves; start() throws from now on. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#halt('stopped', 'closed', false);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * The stream's MPEG-TS, in any chunking. Never blocks, never buffers beyond the bound.
   * The chunk is referenced until FFmpeg reads it: the caller must not reuse its buffer.
   * True when the bytes (or their decodable part) went to FFmpeg.
   */
  write(bytes: Uint8Array): boolean {
    if (this.#closed) return false;
    const now = performance.now();
    this.#bytesIn += bytes.length;
    this.#flow.input(now);
    const passed = this.#gate.push(bytes, now);
    if (!passed || passed.length === 0) return false;
    const stdin = this.#stdin;
    if (!stdin || stdin.closed) {
      // no FFmpeg to take it: keep the gate shut so a new session starts on a keyframe
      this.#gate.close(now);
      this.#noSessionBytes += passed.length;
      return false;
    }
    if (stdin.write(passed)) {
      this.#bytesFed += passed.length;
      return true;
    }
    this.#droppedBytes += passed.length;
    this.#droppedChunks += 1;
    this.#gate.close(now);
    if (now - this.#lastDropLogAt >= DROP_LOG_INTERVAL_MS) {
      this.#lastDropLogAt = now;
      this.#note('warn', 'FFmpeg is not keeping up: dropping until the next keyframe', {
        droppedBytes: this.#droppedBytes,
        pendingBytes: stdin.pendingBytes,
      });
    }
    return false;
  }

  status(): RestreamDestinationStatus {
    const now = performance.now();
    const measured = this.protocol !== 'rtsp';
    return {
      id: this.id,
      streamId: this.streamId ?? null,
      url: this.maskedUrl,
      protocol: this.protocol,
      state: this.#state,
      since: this.#since.toISOString(),
      reason: this.#reason,
      lastError: this.#lastError,
      lastErrorAt: this.#lastErrorAt?.toISOString() ?? null,
      uptimeMs:
        this.#state === 'live' && this.#liveSince !== undefined ? Math.round(now - this.#liveSince) : 0,
      reconnects: Math.max(0, this.#sessions - 1),
      bytesIn: this.#bytesIn,
      bytesFed: this.#bytesFed,
      bytesOut: measured ? this.#progress.bytesOut : null,
      bitrateKbps: measured ? this.#progress.bitrateKbps(now) : null,
      droppedBytes: this.#droppedBytes,
      droppedChunks: this.#droppedChunks,
      skippedBytes: this.#gate.skippedBytes + this.#noSessionBytes,
      pendingBytes: this.#stdin?.pendingBytes ?? 0,
      pid: this.#supervisor.pid ?? null,
    };
  }

  /** Recent events (state changes, errors, drops), oldest first; masked. */
  recentLog(): RestreamLogEntry[] {
    return this.#events.entries();
  }

  /** FFmpeg's last stderr lines across sessions, masked. */
  ffmpegStderr(): string[] {
    return this.#supervisor.stderrTail().map((line) => this.#masker.mask(line));
  }

  #onSpawn(proc: Subprocess): void {
    const now = performance.now();
    this.#sessions += 1;
    this.#proc = proc;
    this.#flow.sessionStarted(now);
    this.#killReason = undefined;
    this.#progress.newSession();
    const stdin = new BoundedStdin(proc.stdin as FileSink, this.#maxPendingBytes);
    this.#stdin = stdin;
    // the first bytes of a session are a keyframe with its PAT/PMT
    this.#gate.close(now);
    // Bun's write to a dead child's pipe does not fail: close it ourselves.
    void proc.exited.then(() => stdin.end());
    void this.#readProgress(proc);
    this.#startWatchdog();
    this.#setState(
      'connecting',
      this.#sessions === 1 ? 'FFmpeg started' : `reconnecting (session ${this.#sessions})`,
    );
  }

  async #readProgress(proc: Subprocess): Promise<void> {
    const parser = new ProgressParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
        for (const block of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (proc !== this.#proc) return;
          const now = performance.now();
          if (this.#progress.record(block, now) && this.#state === 'connecting' && !this.#halting) {
            this.#liveSince = now;
            this.#setState('live', 'bytes are going out');
          }
        }
      }
    } catch {
      // the session is ending; its exit is handled by #onExit
    }
  }

  #startWatchdog(): void {
    clearInterval(this.#watchdog);
    this.#watchdog = setInterval(() => this.#checkFlow(), WATCHDOG_INTERVAL_MS);
  }

  #checkFlow(): void {
    const proc = this.#proc;
    if (!proc || this.#halting) return;
    const verdict = this.#flow.check(performance.now(), this.#state === 'live');
    if (verdict.notLive) {
      this.#liveSince = undefined;
      this.#setState('connecting', verdict.notLive);
    }
    if (verdict.stalled) {
      this.#killReason = verdict.stalled;
      try {
        proc.kill('SIGKILL');
      } catch {
        // already gone: its exit is on its way
      }
    }
  }

  #onExit(exit: SupervisorExit): void {
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    this.#stdin?.end();
    this.#stdin = undefined;
    this.#proc = undefined;
    this.#liveSince = undefined;
    this.#gate.close(performance.now());
    if (this.#halting) return;
    const error =
      this.#killReason ??
      sessionError(this.#supervisor.stderrTail()) ??
      `FFmpeg exited (code ${exit.code}, signal ${exit.signal})`;
    this.#lastError = this.#masker.mask(error).slice(0, 500);
    this.#lastErrorAt = exit.at;
    this.#note('warn', `session ended after ${seconds(exit.ranMs)} s: ${this.#lastError}`);
  }

  /** Halts run one after another; a start() asked for meanwhile runs after the last. */
  async #halt(target: 'stopped' | 'idle', reason: string, drain: boolean): Promise<void> {
    this.#startWhenHalted = false;
    const halted =
      this.#haltInProgress?.then(() => this.#haltOnce(target, reason, drain)) ??
      this.#haltOnce(target, reason, drain);
    this.#haltInProgress = halted;
    await halted;
    if (this.#haltInProgress !== halted) return;
    this.#haltInProgress = undefined;
    if (this.#startWhenHalted && !this.#closed) {
      this.#startWhenHalted = false;
      this.start();
    }
  }

  async #haltOnce(target: 'stopped' | 'idle', reason: string, drain: boolean): Promise<void> {
    this.#halting = target;
    const proc = this.#proc;
    if (drain && proc && this.#stdin) {
      this.#stdin.end();
      const drained = await Promise.race([
        proc.exited.then(() => true),
        Bun.sleep(this.#options.drainTimeoutMs ?? 2000).then(() => false),
      ]);
      if (!drained) this.#note('warn', 'FFmpeg did not finish pushing in time: stopping it');
    }
    await this.#supervisor.stop();
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    this.#gate.close(performance.now());
    this.#setState(target, reason);
  }

  #setState(next: RestreamState, reason: string): void {
    const previous = this.#state;
    const maskedReason = this.#masker.mask(reason);
    if (previous === next && this.#reason === maskedReason) return;
    this.#reason = maskedReason;
    if (previous === next) return;
    this.#state = next;
    this.#since = new Date();
    const level: RestreamLogLevel = next === 'failed' ? 'error' : next === 'retrying' ? 'warn' : 'info';
    this.#note(level, `${previous} -> ${next}: ${maskedReason}`);
    try {
      this.#options.onState?.(next, previous, {
        destinationId: this.id,
        streamId: this.streamId,
        url: this.maskedUrl,
        reason: maskedReason,
        lastError: this.#lastError,
        sessions: this.#sessions,
      });
    } catch (error) {
      this.#note('error', `state listener threw: ${String(error)}`);
    }
  }

  #note(level: RestreamLogLevel, message: string, fields: Record<string, unknown> = {}): void {
    const masked = this.#masker.mask(message);
    this.#events.push(level, masked);
    this.#options.log?.(level, `restream ${this.id}: ${masked}`, {
      streamId: this.streamId,
      destinationId: this.id,
      url: this.maskedUrl,
      ...fields,
    });
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
