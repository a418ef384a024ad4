/**
 * Why an FFmpeg session ended, in one line, from the supervisor's stderr ring: the last
 * two distinct lines FFmpeg wrote after the session's own start marker. Usually the
 * cause and FFmpeg's summary, e.g. "[tcp] Connection to tcp://host:1935 failed:
 * Connection refused | rtmp://host/app/****: Connection refused". Not masked: the caller masks.
 */
const SESSION_START = /^--- \S+ attempt \d+ pid /;
const SESSION_EXIT = /^--- \S+ exited /;

export function sessionError(stderrTail: readonly string[]): string | undefined {
  let start = stderrTail.length;
  while (start > 0 && !SESSION_START.test(stderrTail[start - 1] as string)) start -= 1;
  const said = stderrTail
    .slice(start)
    .filter((line) => !SESSION_EXIT.test(line))
    // "[tcp @ 0x55d0c8e1a2c0]": the address helps no one
    .map((line) => line.replace(/ @ 0x[0-9a-f]+\]/g, ']').trim())
    .filter(Boolean);
  const last = [...new Set(said)].slice(-2);
  return last.length ? last.join(' | ') : undefined;
}
