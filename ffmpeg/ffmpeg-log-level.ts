/** FFmpeg `-loglevel` names we use; `warning` keeps stderr quiet enough for the diagnostics ring. */
export type FfmpegLogLevel = 'quiet' | 'error' | 'warning' | 'info' | 'verbose' | 'debug';

/** Flags every long-running FFmpeg we start shares. */
export function quietGlobalArgs(logLevel: FfmpegLogLevel = 'warning'): string[] {
  return [
    '-hide_banner',
    // stdin is either /dev/null or media bytes, never a keyboard: no 'q' handling.
    '-nostdin',
    // the \r-terminated stats line would churn the stderr ring; use -progress instead.
    '-nostats',
    '-loglevel',
    logLevel,
  ];
}
