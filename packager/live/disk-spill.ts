import { mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SegmentSpill } from './track-timeline.ts';

/**
 * A stream's DVR segments on disk, beyond what memory holds: one file per segment under
 * `<dir>/<track>/<msn>.m4s`, deleted when the segment leaves the window, the whole
 * directory when the stream ends. Memory stays bounded however long the window is.
 */
export class DiskSpill {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  forTrack(trackId: string): SegmentSpill {
    const dir = join(this.#dir, trackId);
    let made = false;
    return {
      write: async (msn, bytes) => {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        const file = join(dir, `${msn}.m4s`);
        await Bun.write(file, bytes);
        return file;
      },
      remove: (file) => {
        try {
          unlinkSync(file);
        } catch {
          // already gone (cleared with the stream)
        }
      },
    };
  }

  clear(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
