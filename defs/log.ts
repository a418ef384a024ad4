/**
 * Port: the narrow logger components write to (ingest listeners, the recorder...); the
 * origin adapts its own logger to it, so no component imports origin/.
 */
export type LogPort = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;
