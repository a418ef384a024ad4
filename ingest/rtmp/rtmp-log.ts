import type { LogPort } from '../../defs/log.ts';

/** The narrow logger port RTMP ingest writes to (the origin adapts its own logger to it). */
export type RtmpLog = LogPort;

export const silentRtmpLog: RtmpLog = () => {};
