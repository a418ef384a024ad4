/**
 * What a restream destination tells the outside beside its state and status (both in
 * defs/destination.ts, where the console reads them too): why a state changed, its log.
 */
import type { RestreamLogLevel } from '../defs/destination.ts';

/** The narrow logger port (the origin passes its pino logger's methods through it). */
export type RestreamLog = (level: RestreamLogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** Passed with every state change; every string in it is masked. */
export interface RestreamStateInfo {
  destinationId: string;
  streamId: string | undefined;
  /** The destination URL with its key masked. */
  url: string;
  /** Why the state changed, for people. */
  reason: string;
  lastError: string | null;
  /** FFmpeg sessions since the last start(); reconnects = sessions - 1. */
  sessions: number;
}
