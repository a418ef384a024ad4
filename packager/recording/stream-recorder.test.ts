import { afterAll, describe, expect, test } from 'bun:test';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import HLS from 'hls-parser';
import { parse } from 'mpd-parser';
import { packagingArgs } from '../../ffmpeg/packaging-args.ts';
import { SqliteAssetStore } from '../../state/sqlite/asset-store.ts';
import { openDatabase } from '../../state/sqlite/open-database.ts';
import { waitFor } from '../../tests/harness/wait-for.ts';
import { LivePackager } from '../live/live-packager.ts';
import type { TrackTimeline } from '../live/track-timeline.ts';
import { finaliseRecording } from './finalise-recording.ts';
import { decodedFrames, makeFlvSource } from './flv-source.test-support.ts';
import { StreamRecorder } from './stream-recorder.ts';

HLS.setOptions({ strictMode: true });
const scratch = mkdtempSync(join(tmpdir(), 'tw-recorder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const first = join(scratch, 'first.flv');
const second = join(scratch, 'second.flv');
// Two publishes of 4 s with a 2 s GOP: the second comes back at another resolution (a new init).
makeFlvSource(first, { seconds: 4, width: 320, height: 180 });
makeFlvSource(second, { seconds: 4, width: 256, height: 144 });

function fedPackager(name: string, dvr?: { memorySegments: number; dir: string }): LivePackager {
  return new LivePackager({
    name,
    partTarget: 0.2,
    segmentTarget: 2,
    windowSegments: 10,
    tracks: ['video', 'audio'],
    ffmpegArgs: () => packagingArgs({ input: { kind: 'stdin', format: 'flv' } }),
    fed: { maxPendingBytes: 64 * 1024 * 1024 },
    dvr,
  });
}

/** One publisher session: FFmpeg up, the whole file in, the publisher gone, its last segments closed. */
async function publish(packager: LivePackager, file: string, segmentsAfter: number): Promise<void> {
  await waitFor(() => packager.ffmpegPid, 20_000, 'FFmpeg to start');
  const bytes = readFileSync(file);
  for (let at = 0; at < bytes.length; at += 64 * 1024)
    expect(packager.write(bytes.subarray(at, at + 64 * 1024))).toBe(true);
  packager.detachSource();
  const { video, audio } = packager.tracks as Record<string, TrackTimeline>;
  await waitFor(
    () =>
      packager.ffmpegPid === undefined &&
      !video?.inProgress &&
      !audio?.inProgress &&
      (video?.segments.length ?? 0) >= segmentsAfter,
    20_000,
    `the session's segments (${segmentsAfter} video segments in all)`,
  );
}

function concat(directory: string, files: string[], out: string): string {
  writeFileSync(out, Buffer.concat(files.map((f) => readFileSync(join(directory, f)))));
  return out;
}

describe('StreamRecorder', () => {
  test('records a stream across a reconnect with new settings into VOD HLS and DASH that decode', async () => {
    const assets = new SqliteAssetStore({ db: openDatabase(':memory:') });
    const asset = assets.create({
      streamId: 'str_x',
      streamName: 'rec',
      startedAt: new Date().toISOString(),
    });
    const directory = join(scratch, asset.id);
    const packager = fedPackager('rec');
    const logs: string[] = [];
    const recorder = new StreamRecorder({
      assetId: asset.id,
      directory,
      tracks: () => packager.tracks,
      assets,
      log: (level, msg) => logs.push(`${level} ${msg}`),
      progressIntervalMs: 0,
    });
    packager.start();
    recorder.start();
    try {
      await publish(packager, first, 2);
      // Progress reaches the store while the stream is live.
      await waitFor(() => (assets.get(asset.id)?.segmentCount ?? 0) >= 2, 20_000, 'progress in the store');
      expect(assets.get(asset.id)?.state).toBe('recording');
      await packager.attachSource();
      await publish(packager, second, 4);
    } finally {
      await packager.close();
    }
    const outcome = await recorder.finished;
    expect(outcome).toMatchObject({ state: 'ready', tracks: ['video', 'audio'] });

    // The live session, as the live timeline held it: every segment made it to disk.
    const live = packager.tracks.video as TrackTimeline;
    const liveSeconds = live.segments.reduce((sum, s) => sum + s.duration, 0);
    expect(live.segments.length).toBe(4);
    expect(outcome.segmentCount).toBe(4);
    expect(outcome.durationSeconds).toBeCloseTo(liveSeconds, 3);
    expect(liveSeconds).toBeCloseTo(8, 1);
    const stored = assets.get(asset.id);
    expect(stored).toMatchObject({ state: 'ready', segmentCount: 4, failureReason: null });
    expect(stored?.bytes).toBe(outcome.bytes);
    expect(stored?.endedAt).not.toBeNull();

    // HLS: VOD, ENDLIST, a discontinuity and a new map where the publisher came back.
    const video = HLS.parse(readFileSync(join(directory, 'video.m3u8'), 'utf8')) as HLS.types.MediaPlaylist;
    expect(video.playlistType).toBe('VOD');
    expect(video.endlist).toBe(true);
    expect(video.segments.map((s) => s.uri)).toEqual([
      'video/0.m4s',
      'video/1.m4s',
      'video/2.m4s',
      'video/3.m4s',
    ]);
    expect(video.segments.map((s) => Boolean(s.discontinuity))).toEqual([false, false, true, false]);
    expect(video.segments.map((s) => s.map?.uri)).toEqual([
      'video/init-0.mp4',
      'video/init-0.mp4',
      'video/init-1.mp4',
      'video/init-1.mp4',
    ]);
    const audio = HLS.parse(readFileSync(join(directory, 'audio.m3u8'), 'utf8')) as HLS.types.MediaPlaylist;
    expect(audio.endlist).toBe(true);
    expect(audio.segments.filter((s) => s.discontinuity).length).toBe(1);
    const multivariant = HLS.parse(
      readFileSync(join(directory, 'index.m3u8'), 'utf8'),
    ) as HLS.types.MasterPlaylist;
    expect(multivariant.variants.map((v) => v.uri)).toEqual(['video.m3u8']);
    expect(multivariant.variants[0]?.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    expect(multivariant.variants[0]?.resolution).toEqual({ width: 320, height: 180 });
    expect(multivariant.variants[0]?.frameRate).toBe(25);
    expect(multivariant.variants[0]?.audio.map((a) => a.uri)).toEqual(['audio.m3u8']);

    // Every listed file exists and each session decodes whole: 4 s at 25 fps is 100 frames.
    const sessionOf = (from: number, to: number, init: string) => [
      init,
      ...video.segments.slice(from, to).map((s) => s.uri),
    ];
    for (const s of [...video.segments, ...audio.segments])
      expect(existsSync(join(directory, s.uri))).toBe(true);
    for (const [index, files] of [
      sessionOf(0, 2, 'video/init-0.mp4'),
      sessionOf(2, 4, 'video/init-1.mp4'),
    ].entries()) {
      const decoded = decodedFrames(concat(directory, files, join(scratch, `session-${index}.mp4`)), 'v:0');
      expect(decoded).toEqual({ frames: 100, errors: '' });
    }
    const audioFiles = [
      audio.segments[0]?.map?.uri as string,
      ...audio.segments.slice(0, 2).map((s) => s.uri),
    ];
    const audioDecoded = decodedFrames(concat(directory, audioFiles, join(scratch, 'audio.mp4')), 'a:0');
    expect(audioDecoded.errors).toBe('');
    expect(audioDecoded.frames).toBeGreaterThan(150);

    // DASH: static, a period per session played back to back, the same segments as HLS.
    const mpdText = readFileSync(join(directory, 'manifest.mpd'), 'utf8');
    expect(mpdText).toContain('type="static"');
    const manifest = parse(mpdText, { manifestUri: `https://origin.example/vod/${asset.id}/manifest.mpd` });
    const dashVideo = manifest.playlists[0];
    expect(dashVideo?.segments.map((s) => s.uri)).toEqual(video.segments.map((s) => s.uri));
    expect(dashVideo?.segments.map((s) => s.map?.uri)).toEqual(video.segments.map((s) => s.map?.uri));
    expect(dashVideo?.discontinuityStarts).toEqual([2]);
    // Back to back: a period ends with its longest track (here the audio, by less than one AAC frame
    // more per session), so the second session's video starts within 0.05 s of where HLS puts it.
    let at = 0;
    for (const [i, s] of (dashVideo?.segments ?? []).entries()) {
      expect(s.duration).toBeCloseTo(video.segments[i]?.duration ?? 0, 3);
      expect(Math.abs(s.presentationTime - at)).toBeLessThan(0.05);
      at += s.duration;
    }
    expect(logs.filter((l) => l.startsWith('error') || l.startsWith('warn'))).toEqual([]);

    // After a crash mid-append the journal ends in a torn line: finalising again loses only that segment.
    const journal = join(directory, 'video', 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 20));
    const recovered = await finaliseRecording(directory);
    expect(recovered.segmentCount).toBe(3);
    const replayed = HLS.parse(
      readFileSync(join(directory, 'video.m3u8'), 'utf8'),
    ) as HLS.types.MediaPlaylist;
    expect(replayed.segments.length).toBe(3);
    expect(replayed.endlist).toBe(true);
  }, 60_000);

  test('a full disk fails the asset with the reason; the live stream goes on untouched', async () => {
    const assets = new SqliteAssetStore({ db: openDatabase(':memory:') });
    const asset = assets.create({
      streamId: 'str_y',
      streamName: 'full',
      startedAt: new Date().toISOString(),
    });
    const directory = join(scratch, asset.id);
    // The second video segment lands on a device that is always full (a real ENOSPC).
    mkdirSync(join(directory, 'video'), { recursive: true });
    symlinkSync('/dev/full', join(directory, 'video', '1.m4s'));
    const packager = fedPackager('full');
    const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const recorder = new StreamRecorder({
      assetId: asset.id,
      directory,
      tracks: () => packager.tracks,
      assets,
      log: (level, msg, fields) => logs.push({ level, msg, fields }),
    });
    packager.start();
    recorder.start();
    try {
      await publish(packager, first, 2);
      const outcome = await recorder.finished;
      expect(outcome.state).toBe('failed');
      expect(outcome.state === 'failed' && outcome.reason).toMatch(/^ENOSPC/);
      expect(assets.get(asset.id)).toMatchObject({
        state: 'failed',
        failureReason: expect.stringMatching(/ENOSPC/),
      });
      expect(logs.find((l) => l.level === 'error')).toMatchObject({
        msg: 'recording failed; the live stream is not affected',
        fields: { assetId: asset.id, reason: expect.stringMatching(/ENOSPC/) },
      });
      // The stream is still live and keeps taking a publisher.
      await packager.attachSource();
      await publish(packager, second, 4);
      expect(packager.tracks.video?.ended).toBe(false);
      expect(existsSync(join(directory, 'index.m3u8'))).toBe(false);
    } finally {
      await packager.close();
    }
  }, 60_000);

  test('started late and stopped while live: what the window holds, spilled to disk or not, is kept whole', async () => {
    const assets = new SqliteAssetStore({ db: openDatabase(':memory:') });
    const asset = assets.create({
      streamId: 'str_z',
      streamName: 'late',
      startedAt: new Date().toISOString(),
    });
    const directory = join(scratch, asset.id);
    // A DVR window that keeps only the newest segment in memory: the older one is on disk.
    const packager = fedPackager('late', { memorySegments: 1, dir: join(scratch, 'dvr') });
    packager.start();
    try {
      await publish(packager, first, 2);
      const video = packager.tracks.video as TrackTimeline;
      await waitFor(() => video.segments[0]?.file, 20_000, 'the oldest segment to be spilled to disk');
      const recorder = new StreamRecorder({
        assetId: asset.id,
        directory,
        tracks: () => packager.tracks,
        assets,
      });
      recorder.start();
      const outcome = await recorder.stop();
      expect(outcome).toMatchObject({ state: 'ready', segmentCount: 2 });
      const playlist = HLS.parse(
        readFileSync(join(directory, 'video.m3u8'), 'utf8'),
      ) as HLS.types.MediaPlaylist;
      expect(playlist.endlist).toBe(true);
      const files = ['video/init-0.mp4', ...playlist.segments.map((s) => s.uri)];
      expect(decodedFrames(concat(directory, files, join(scratch, 'late.mp4')), 'v:0')).toEqual({
        frames: 100,
        errors: '',
      });
    } finally {
      await packager.close();
      packager.discard();
    }
  }, 60_000);
});
