/**
 * Kills still-running FFmpeg children when our process exits, so a crashed or
 * `process.exit()`ing origin leaves no encoder behind. One `exit` listener for
 * the whole process (not one per supervisor, which would leak listeners).
 *
 * A SIGKILLed parent runs no handler at all; then the children die on their
 * own: writes to their output pipes fail with EPIPE and stdin hits EOF.
 */

interface Killable {
  readonly pid: number;
  kill(signal?: number | NodeJS.Signals): void;
}

const liveChildren = new Set<Killable>();
let listening = false;

/** Track a child until `release`; returns the release function. */
export function reapOnExit(child: Killable): () => void {
  if (!listening) {
    listening = true;
    process.once('exit', killAllSync);
  }
  liveChildren.add(child);
  return () => {
    liveChildren.delete(child);
  };
}

export function trackedChildCount(): number {
  return liveChildren.size;
}

function killAllSync(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone: nothing to reap
    }
  }
  liveChildren.clear();
}
