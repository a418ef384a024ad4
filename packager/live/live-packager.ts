import { join } from 'node:path';
import type { FileSink, Subprocess } from 'bun';
import { BoundedStdin } from '../../ffmpeg/bounded-stdin.ts';
import { type ChildOutput, childOutput } from '../../ffmpeg/child-output.ts';
import { fragmentedOutputs } from '../../ffmpeg/fragmented-outputs.ts';
import { ladderOutputs } from '../../ffmpeg/ladder-outputs.ts';
import { FfmpegSupervisor } from '../../ffmpeg/supervisor.ts';
import { Fmp4StreamReader } from '../fmp4/fmp4-stream-reader.ts';
import type { FragmentInfo } from '../fmp4/fragment.ts';
import { PartCutter, type PartCutterEvent, partTargetFor } from '../fmp4/part-cutter.ts';
import { DiskSpill } from './disk-spill.ts';
import { TrackTimeline } from './track-timeline.ts';

export type TrackKind = 'video' | 'audio';
/** A track's id: `video` and `audio` in passthrough; one per rendition (e.g. `video-720p`) with a ladder. */
export type TrackId = string;

/** Video renditions are `video` or `video-<name>`; everything else is audio. */
export function trackKindOf(id: TrackId): TrackKind {
  return id === 'video' || id.startsWith('video-') ? 'video' : 'audio';
}

export type PackagerEvent =
  | { kind: 'live' }
  | { kind: 'restarted'; attempt: number }
  | { kind: 'offline'; reason: string }
  | { kind: 'error'; message: string };

export interface LivePackagerOptions {
  name: string;
  /** Requested part target and segment target, seconds. */
  partTarget: number;
  segmentTarget: number;
  windowSegments: number;
  tracks: readonly TrackKind[];
  /**
   * Ladder mode: the video renditions FFmpeg writes on fds 3, 4, ... (ids such as
   * `video-720p`, best first), audio after them when `tracks` has audio. Absent:
   * passthrough, video on fd 3 and audio on fd 4.
   */
  renditions?: readonly TrackId[];
  /**
   * DVR: `windowSegments` may cover hours; only the newest `memorySegments` stay in memory,
   * the rest go to disk under `dir` (removed when the stream closes).
   */
  dvr?: { memorySegments: number; dir: string };
  /** What encodes the renditions and why it was chosen (hardware or the x264 fallback); for status. */
  encoding?: { encoder: string; reason: string };
  /** FFmpeg argv writing fMP4 video on fd 3 and audio on fd 4 (see ffmpeg/fmp4-track-output-args.ts). */
  ffmpegArgs: (outputs: { sourceCopyFd?: number }) => string[];
  /**
   * Receives the source as FFmpeg read it, codecs copied, as MPEG-TS (restream feeds): the
   * argv must then write it on `sourceCopyFd` (see ffmpeg/mpegts-copy-output-args.ts). Called
   * synchronously per chunk; it must not block.
   */
  onSourceCopy?: (bytes: Uint8Array) => void;
  onEvent?: (event: PackagerEvent) => void;
  /** Each published part, with the time from its last byte leaving FFmpeg to its availability. */
  onPartPublished?: (part: {
    track: TrackId;
    publishDelayMs: number;
    duration: number;
    bytes: number;
  }) => void;
  now?: () => number;
  /** Restart FFmpeg when it exits (a live source); false for a finite input. */
  restartOnExit?: boolean;
  /**
   * The source is fed: a publisher's bytes go to FFmpeg's stdin through write(). FFmpeg
   * runs while a publisher is attached; its exit does not end the stream (the publisher
   * may come back and continue it with a discontinuity) until close().
   */
  fed?: { maxPendingBytes: number };
}

interface TrackState {
  cutter?: PartCutter;
  /** Chunks held until PART-TARGET is known (it depends on every track's frame duration). */
  pending: { bytes: Uint8Array; fragment: FragmentInfo }[];
  frameDuration?: number;
  timescale?: number;
  /** The next segment this track opens follows a source restart. */
  discontinuityNext: boolean;
}

/**
 * One live stream's packaging: a supervised FFmpeg writes one fragmented MP4 per
 * track; each is read box by box, cut into parts and segments (the video track
 * decides segment boundaries, audio follows), and published to a TrackTimeline.
 * An FFmpeg restart continues the same timelines with a discontinuity.
 */
export class LivePackager {
  readonly tracks: Record<TrackId, TrackTimeline> = {};
  /** The ladder's encoder and why; undefined in passthrough (codecs copied). */
  readonly encoding: { encoder: string; reason: string } | undefined;
  /** Track ids in output order: video rendition(s) first, then audio. */
  readonly trackIds: readonly TrackId[];
  /** The video track whose keyframes decide segment boundaries for the others. */
  readonly #leader: TrackId | undefined;
  /** Distinguishes this packager's media URLs from an earlier run's (immutable URLs, CDN-safe). */
  readonly runId: string;
  /** Advertised PART-TARGET, fixed once both tracks' frame durations are known. */
  partTarget: number | undefined;
  partsProduced = 0;
  /** Wall clock (ms) at media time 0 of the current FFmpeg session, from `prft` or arrival. */
  #anchorMs: number | undefined;
  /** The anchor is fixed once the session's first part is published. */
  #anchorSettled = false;
  #state: Partial<Record<TrackId, TrackState>> = {};
  #live = false;
  /** close() was called: FFmpeg's exit (255 on SIGTERM) is expected, not an error. */
  #closing = false;
  #firstChunkAt: number | undefined;
  /** FFmpeg sessions so far; every one after the first opens with a discontinuity. */
  #sessions = 0;
  /** Fed mode: the current session's stdin, and bytes that arrived before it was spawned. */
  #stdin: BoundedStdin | undefined;
  #early: Uint8Array[] = [];
  #earlyBytes = 0;
  #sessionDone: Promise<void> = Promise.resolve();
  readonly #spill: DiskSpill | undefined;
  /** The child fd the source copy is written on: after every track output. */
  get #sourceCopyFd(): number | undefined {
    return this.#options.onSourceCopy ? 3 + this.trackIds.length : undefined;
  }
  #switching: Promise<void> = Promise.resolve();
  #sourceGeneration = 0;
  /** Media time (s) of the last video keyframe, and the last interval between two. */
  #lastKeyframeAt: number | undefined;
  #keyframeInterval: number | undefined;
  /** performance.now() when the bytes being processed were read from FFmpeg. */
  #readAt = 0;
  readonly #supervisor: FfmpegSupervisor;
  readonly #options: LivePackagerOptions;
  readonly #now: () => number;

  constructor(options: LivePackagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.runId = this.#now().toString(36);
    const graceMs = 3 * Math.ceil(options.segmentTarget) * 1000;
    const renditions = options.renditions?.length ? options.renditions : undefined;
    this.encoding = renditions ? options.encoding : undefined;
    this.trackIds = renditions
      ? [...renditions, ...(options.tracks.includes('audio') ? ['audio'] : [])]
      : [...options.tracks];
    this.#leader = this.trackIds.find((id) => trackKindOf(id) === 'video');
    this.#spill = options.dvr ? new DiskSpill(join(options.dvr.dir, this.runId)) : undefined;
    for (const kind of this.trackIds) {
      this.tracks[kind] = new TrackTimeline({
        memorySegments: options.dvr?.memorySegments,
        spill: this.#spill?.forTrack(kind),
        windowSegments: options.windowSegments,
        graceMs,
        now: this.#now,
      });
      this.#state[kind] = { pending: [], discontinuityNext: false };
    }
    this.#supervisor = new FfmpegSupervisor({
      name: `package:${options.name}`,
      args: () => options.ffmpegArgs({ sourceCopyFd: this.#sourceCopyFd }),
      extraPipes: this.trackIds.length + (options.onSourceCopy ? 1 : 0),
      restartOnCleanExit: options.fed ? false : (options.restartOnExit ?? true),
      stdin: options.fed ? 'pipe' : 'ignore',
      // A fed FFmpeg that fails has lost its place in the publisher's bytes: no restart;
      // the publisher is dropped and its reconnect starts a fresh session.
      restart: { initialDelayMs: 500, maxDelayMs: 10_000, maxAttempts: options.fed ? 1 : 0 },
      onSpawn: (proc, attempt) => this.#onSpawn(proc, attempt),
    });
    this.#supervisor.on('exit', (exit) => {
      const message = `ffmpeg exited (code ${exit.code}${exit.signal ? `, ${exit.signal}` : ''}): ${this.#supervisor.stderrTail().slice(-3).join(' | ')}`;
      // A clean exit is the source ending, not an error; an exit we asked for neither.
      const cleanEnd = exit.code === 0 && (options.restartOnExit === false || options.fed !== undefined);
      if (!this.#closing && !cleanEnd) options.onEvent?.({ kind: 'error', message });
    });
  }

  /**
   * EXT-X-TARGETDURATION: "The EXTINF duration of each Media Segment in a Playlist
   * file, when rounded to the nearest integer, MUST be less than or equal to the
   * Target Duration" (rfc8216bis §4.4.3.1). Grows only if the source's GOP outruns
   * the segment target (passthrough cannot cut elsewhere).
   */
  get targetDuration(): number {
    let longest = Math.ceil(this.#options.segmentTarget - 1e-6);
    for (const timeline of Object.values(this.tracks))
      longest = Math.max(longest, Math.round(timeline.maxSegmentDuration));
    return longest;
  }

  /** The FFmpeg process id while it runs (diagnostics, tests). */
  get ffmpegPid(): number | undefined {
    return this.#supervisor.pid;
  }

  /** Seconds between the source's last two video keyframes (its GOP), once seen. */
  get keyframeInterval(): number | undefined {
    return this.#keyframeInterval;
  }

  /** Frames per second of the video track, once known. */
  get frameRate(): number | undefined {
    return this.#leader === undefined ? undefined : this.frameRateOf(this.#leader);
  }

  /** Frames per second of one track (a ladder may halve the rate of its small renditions). */
  frameRateOf(id: TrackId): number | undefined {
    const duration = this.#state[id]?.frameDuration;
    return duration ? 1 / duration : undefined;
  }

  get supervisorState() {
    return this.#supervisor.state;
  }

  stderrTail(): string[] {
    return this.#supervisor.stderrTail();
  }

  start(): void {
    this.#supervisor.start();
  }

  async close(reason = 'stopped'): Promise<void> {
    this.#closing = true;
    this.#stdin?.end();
    await this.#supervisor.stop();
    for (const kind of this.trackIds) {
      const cutter = this.#state[kind]?.cutter;
      if (cutter) this.#apply(kind, cutter.flush());
      this.tracks[kind]?.end();
    }
    if (this.#live) this.#options.onEvent?.({ kind: 'offline', reason });
    this.#live = false;
  }

  /** Forget the stream for good: its DVR files go (after close, once nobody is served from it). */
  discard(): void {
    this.#spill?.clear();
  }

  /**
   * Fed mode: a publisher arrived (first, back within the grace period, or taking over).
   * Starts a fresh FFmpeg session once the previous one has drained; bytes written
   * meanwhile wait (within the pending bound).
   */
  attachSource(): Promise<void> {
    if (!this.#options.fed) throw new Error('attachSource() needs a fed packager');
    // From now on bytes wait for the new session; the old one gets no more, and bytes
    // queued for a source that was replaced before it started are dropped with it.
    this.#stdin?.end();
    this.#stdin = undefined;
    this.#early = [];
    this.#earlyBytes = 0;
    const generation = ++this.#sourceGeneration;
    // One switch at a time; a switch overtaken by a newer one starts nothing.
    this.#switching = this.#switching.then(async () => {
      await this.#supervisor.stop();
      await this.#sessionDone;
      if (!this.#closing && generation === this.#sourceGeneration) this.#supervisor.start();
    });
    return this.#switching;
  }

  /** Fed mode: the publisher's bytes, in the container FFmpeg was started for. False: drop the publisher. */
  write(bytes: Uint8Array): boolean {
    const fed = this.#options.fed;
    if (!fed || this.#closing) return false;
    if (this.#stdin) return this.#stdin.write(bytes);
    if (this.#supervisor.state === 'failed') return false;
    if (this.#earlyBytes + bytes.length > fed.maxPendingBytes) return false;
    this.#early.push(bytes);
    this.#earlyBytes += bytes.length;
    return true;
  }

  /** Fed mode: the publisher is gone. FFmpeg finishes what it has; the stream stays open. */
  detachSource(): void {
    this.#sourceGeneration++; // a switch still pending for this publisher starts nothing
    this.#stdin?.end();
    this.#stdin = undefined;
    this.#early = [];
    this.#earlyBytes = 0;
  }

  #onSpawn(proc: Subprocess, attempt: number): void {
    const outputs = this.#readOutputs(proc);
    const session = ++this.#sessions;
    if (this.#options.fed) this.#feed(proc);
    if (session > 1) {
      // A new FFmpeg session: close what was open (on the old session's clock anchor);
      // the next segments carry a discontinuity.
      for (const kind of this.trackIds) {
        const state = this.#state[kind] as TrackState;
        if (state.cutter) this.#apply(kind, state.cutter.reset());
        state.discontinuityNext = true;
      }
      this.#options.onEvent?.({ kind: 'restarted', attempt });
    }
    this.#anchorMs = undefined;
    this.#anchorSettled = false;
    this.#lastKeyframeAt = undefined;
    this.#pumpSourceCopy(proc);
    const pumps = this.trackIds.map((id, index) => this.#pump(id, outputs[index] as ChildOutput, proc));
    this.#sessionDone = Promise.all(pumps)
      .then(() => proc.exited)
      .then(() => this.#afterSession(session));
  }

  /** FFmpeg's fMP4 outputs in `trackIds` order. */
  #readOutputs(proc: Subprocess): ChildOutput[] {
    if (this.#options.renditions?.length) {
      const hasAudio = this.trackIds.includes('audio');
      const ladder = ladderOutputs(proc, this.trackIds.length - (hasAudio ? 1 : 0), hasAudio);
      return [...ladder.video, ...(ladder.audio ? [ladder.audio] : [])];
    }
    const outputs = fragmentedOutputs(proc);
    return this.trackIds.map((id) => outputs[trackKindOf(id)]);
  }

  async #pumpSourceCopy(proc: Subprocess): Promise<void> {
    const fd = this.#sourceCopyFd;
    const deliver = this.#options.onSourceCopy;
    const childEnd = fd === undefined ? undefined : proc.stdio[fd];
    if (!deliver || typeof childEnd !== 'number') return;
    try {
      await childOutput(childEnd).read(deliver);
    } catch {
      // the session is ending; the track pumps report FFmpeg's problems
    }
  }

  #feed(proc: Subprocess): void {
    const stdin = new BoundedStdin(proc.stdin as FileSink, this.#options.fed?.maxPendingBytes ?? 0);
    this.#stdin = stdin;
    for (const bytes of this.#early.splice(0)) stdin.write(bytes);
    this.#earlyBytes = 0;
    // Bun's write to a dead child's pipe does not fail: close it ourselves so write() says so.
    void proc.exited.then(() => stdin.end());
  }

  /**
   * FFmpeg is gone and its outputs are drained. When no restart follows (a finite
   * source, or attempts used up), the stream ends: close the open segment and
   * publish EXT-X-ENDLIST.
   */
  async #afterSession(session: number): Promise<void> {
    // The supervisor decides about a restart right after the exit; let it.
    await Bun.sleep(0);
    const state = this.#supervisor.state;
    if (state !== 'stopped' && state !== 'failed') return;
    if (session !== this.#sessions || this.#closing) return;
    if (this.#options.fed) {
      // The publisher may come back: close the open segments so players have every
      // frame, keep the playlists open; close() ends them.
      for (const kind of this.trackIds) {
        const cutter = this.#state[kind]?.cutter;
        if (cutter) this.#apply(kind, cutter.flush());
      }
      return;
    }
    for (const kind of this.trackIds) {
      const cutter = this.#state[kind]?.cutter;
      if (cutter) this.#apply(kind, cutter.flush());
      this.tracks[kind]?.end();
    }
    if (this.#live)
      this.#options.onEvent?.({
        kind: 'offline',
        reason: state === 'failed' ? 'ffmpeg kept failing' : 'source ended',
      });
    this.#live = false;
  }

  async #pump(kind: TrackId, output: ChildOutput, proc: Subprocess): Promise<void> {
    const reader = new Fmp4StreamReader();
    try {
      // Each chunk is parsed and cut in the callback that delivers it: no queue between
      // FFmpeg and the cutter, so a slow moment here leaves the bytes in the socket.
      await output.read((bytes) => {
        this.#readAt = performance.now();
        for (const item of reader.push(bytes)) {
          if (item.kind === 'init') {
            const track = item.tracks[0];
            if (!track) throw new Error(`${kind} init segment has no track`);
            (this.tracks[kind] as TrackTimeline).setInit(item.bytes, track);
            (this.#state[kind] as TrackState).timescale = track.timescale;
          } else {
            this.#onChunk(kind, item.bytes, item.fragment);
          }
        }
      });
    } catch (error) {
      // Bad bytes from FFmpeg: say so and let the supervisor start a fresh session.
      this.#options.onEvent?.({
        kind: 'error',
        message: `${kind} output unreadable: ${(error as Error).message}`,
      });
      proc.kill('SIGKILL');
    }
  }

  #onChunk(kind: TrackId, bytes: Uint8Array, fragment: FragmentInfo): void {
    const state = this.#state[kind] as TrackState;
    this.#firstChunkAt ??= this.#now();
    if (kind === this.#leader && fragment.independent)
      this.#noteKeyframe(fragment.baseMediaDecodeTime / (state.timescale ?? 1));
    if (!this.#anchorSettled) {
      // FFmpeg writes the frames it buffered while probing (~0.5 s) in one burst: the first
      // fragment's clock is late by that much. The earliest anchor seen before the session's
      // first segment completes is the capture clock; the segments in progress move with it
      // (all tracks alike: program date-times and DASH periods must agree across tracks).
      const prft = fragment.producerReferenceTime;
      const timescale = state.timescale ?? 1;
      const candidate = prft
        ? prft.unixMs - (prft.mediaTime / timescale) * 1000
        : this.#now() - (fragment.baseMediaDecodeTime / timescale) * 1000;
      // Refined from one track only (the leading video when there is one): each output's
      // media time starts at its own first sample, so tracks' anchors need not agree.
      if (this.#anchorMs === undefined) this.#anchorMs = candidate;
      else if (kind === (this.#leader ?? kind) && candidate < this.#anchorMs) {
        const delta = candidate - this.#anchorMs;
        this.#anchorMs = candidate;
        for (const timeline of Object.values(this.tracks)) timeline.shiftInProgress(delta);
      }
    }
    if (!state.cutter) {
      state.pending.push({ bytes, fragment });
      state.frameDuration ??=
        fragment.duration / Math.max(1, fragment.samples.length) / (state.timescale ?? 1);
      this.#createCuttersWhenReady();
      return;
    }
    this.#push(kind, bytes, fragment);
  }

  #noteKeyframe(at: number): void {
    const previous = this.#lastKeyframeAt;
    this.#lastKeyframeAt = at;
    // A restart starts media time over; only a forward step is an interval.
    if (previous !== undefined && at > previous) this.#keyframeInterval = at - previous;
  }

  /** PART-TARGET needs every track's frame duration; a track silent for 2 s is left out. */
  #createCuttersWhenReady(): void {
    const kinds = this.trackIds;
    const known = kinds.filter((k) => this.#state[k]?.frameDuration !== undefined);
    const waitedLongEnough = this.#now() - (this.#firstChunkAt ?? this.#now()) > 2000;
    if (known.length < kinds.length && !waitedLongEnough) return;
    this.partTarget = partTargetFor(
      this.#options.partTarget,
      known.map((k) => this.#state[k]?.frameDuration as number),
    );
    const hasVideo = this.#leader !== undefined;
    for (const kind of kinds) {
      const state = this.#state[kind] as TrackState;
      state.cutter = new PartCutter({
        timescale: state.timescale ?? 90_000,
        partTarget: this.partTarget,
        segmentTarget: this.#options.segmentTarget,
        // Video decides where segments start (keyframes); audio follows its cuts.
        // Every video rendition cuts at its own keyframes: the ladder aligns them, so the
        // boundaries coincide; audio follows the leading video's cuts.
        segmentBoundaries: trackKindOf(kind) === 'audio' && hasVideo ? 'external' : 'keyframes',
      });
    }
    for (const kind of kinds) {
      const state = this.#state[kind] as TrackState;
      for (const { bytes, fragment } of state.pending.splice(0)) this.#push(kind, bytes, fragment);
    }
  }

  #push(kind: TrackId, bytes: Uint8Array, fragment: FragmentInfo): void {
    const cutter = (this.#state[kind] as TrackState).cutter as PartCutter;
    this.#apply(
      kind,
      cutter.push({
        bytes,
        baseMediaDecodeTime: fragment.baseMediaDecodeTime,
        duration: fragment.duration,
        independent: fragment.independent,
      }),
    );
  }

  #apply(kind: TrackId, events: PartCutterEvent[]): void {
    const timeline = this.tracks[kind] as TrackTimeline;
    const state = this.#state[kind] as TrackState;
    for (const event of events) {
      if (event.kind === 'partComplete') {
        const opensSegment = timeline.inProgress?.msn !== event.segmentIndex;
        const discontinuity = opensSegment && state.discontinuityNext;
        if (opensSegment) state.discontinuityNext = false;
        timeline.addPart(event, (this.#anchorMs ?? this.#now()) + event.startTime * 1000, discontinuity);
        this.partsProduced++;
        this.#options.onPartPublished?.({
          track: kind,
          publishDelayMs: performance.now() - this.#readAt,
          duration: event.duration,
          bytes: event.bytes.length,
        });
        if (!this.#live) {
          this.#live = true;
          this.#options.onEvent?.({ kind: 'live' });
        }
      } else if (event.kind === 'segmentComplete') {
        this.#anchorSettled = true;
        timeline.completeSegment(event);
        if (kind === this.#leader) this.#state.audio?.cutter?.cutAt(event.startTime + event.duration);
      }
    }
  }
}
