import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `text` to `path` so that a reader (or a crash) sees the old file or the whole new one,
 * never a torn one: a temporary file beside it, flushed to disk, then renamed over it (rename is
 * atomic within one filesystem).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
