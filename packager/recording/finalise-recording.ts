import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderStaticMpd } from '../dash/static-mpd.ts';
import { renderMultivariantPlaylist } from '../hls/multivariant-playlist.ts';
import { VERSION_FMP4 } from '../hls/tags/ext-x-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import {
  byKindThenId,
  leadingTrack,
  type RecordedTrack,
  recordedSeconds,
  trackKindOf,
} from './recorded-track.ts';
import { parseTrackJournal } from './recording-journal.ts';
import {
  isTrackId,
  JOURNAL_FILE,
  MPD_FILE,
  MULTIVARIANT_PLAYLIST,
  mediaPlaylistFile,
} from './recording-layout.ts';
import { vodDash } from './vod-dash.ts';
import { vodMultivariant, vodSegments } from './vod-hls.ts';
import { renderVodMediaPlaylist } from './vod-media-playlist.ts';

export interface RecordingSummary {
  /** Seconds of the leading track (video, else audio). */
  durationSeconds: number;
  /** Media bytes of every track: segments and inits. */
  bytes: number;
  /** Segments of the leading track. */
  segmentCount: number;
  tracks: string[];
}

/** The recording has nothing playable; the message says why. */
export class NothingRecordedError extends Error {
  override readonly name = 'NothingRecordedError';
}

/** Every track directory with a journal that lists at least one segment; video first, then by id. */
export async function readRecordedTracks(directory: string): Promise<RecordedTrack[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const ids = entries.filter((e) => e.isDirectory() && isTrackId(e.name)).map((e) => e.name);
  const tracks: RecordedTrack[] = [];
  for (const id of ids.sort()) {
    const text = await readFile(join(directory, id, JOURNAL_FILE), 'utf8').catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      },
    );
    const journal = parseTrackJournal(text);
    const kind = trackKindOf(journal.inits.values().next().value?.handler ?? '');
    if (kind && journal.segments.length > 0)
      tracks.push({ id, kind, inits: journal.inits, segments: journal.segments });
  }
  return tracks.sort(byKindThenId);
}

/**
 * Turns what the journals say into the VOD manifests: `<track>.m3u8` per track, `index.m3u8`,
 * `manifest.mpd`, each written atomically. Used when a recording ends and, after a crash, for
 * recordings the previous process left unfinished. Throws `NothingRecordedError` when no track
 * has a segment, and whatever the filesystem throws.
 */
export async function finaliseRecording(directory: string): Promise<RecordingSummary> {
  const tracks = await readRecordedTracks(directory);
  const leader = leadingTrack(tracks);
  if (!leader) throw new NothingRecordedError('nothing was recorded: no track completed a segment');
  for (const track of tracks)
    await writeFileAtomic(
      join(directory, mediaPlaylistFile(track.id)),
      renderVodMediaPlaylist(vodSegments(track)),
    );
  await writeFileAtomic(join(directory, MPD_FILE), renderStaticMpd(vodDash(tracks)));
  // The multivariant playlist last: once it exists, everything it leads to does.
  await writeFileAtomic(
    join(directory, MULTIVARIANT_PLAYLIST),
    renderMultivariantPlaylist(vodMultivariant(tracks), { version: VERSION_FMP4 }),
  );
  let bytes = 0;
  for (const track of tracks) {
    for (const init of track.inits.values()) bytes += init.bytes;
    for (const segment of track.segments) bytes += segment.bytes;
  }
  return {
    durationSeconds: Math.round(recordedSeconds(leader) * 1000) / 1000,
    bytes,
    segmentCount: leader.segments.length,
    tracks: tracks.map((t) => t.id),
  };
}
