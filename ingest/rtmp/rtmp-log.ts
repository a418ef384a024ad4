/** The narrow logger port RTMP ingest writes to (the origin adapts its own logger to it). */
export type RtmpLog = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export const silentRtmpLog: RtmpLog = () => {};
