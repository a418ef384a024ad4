import { z } from 'zod';

/**
 * What runOnReady / runOnNotReady post to the origin (mediamtx/mediamtx.yml). MediaMTX
 * runs the hook command with these variables set (mediamtx.yml, "Default path settings ->
 * Hooks"): MTX_PATH (path name), MTX_SOURCE_TYPE (e.g. rtmpConn, srtConn, rtspSession),
 * MTX_SOURCE_ID (the connection/session id the Control API kicks), MTX_QUERY, RTSP_PORT.
 * The command sends the first three as
 *
 *   {"path":"$MTX_PATH","sourceType":"$MTX_SOURCE_TYPE","sourceId":"$MTX_SOURCE_ID"}
 *
 * An unset variable expands to "", so an empty path means a broken command, not a path.
 */
export const mediamtxPathEventBody = z.object({
  path: z.string().min(1, 'must not be empty (is MTX_PATH expanded?)').max(1024),
  sourceType: z.string().max(64).default(''),
  sourceId: z.string().max(128).default(''),
});

export type MediamtxPathEventBody = z.infer<typeof mediamtxPathEventBody>;

/** What the origin's callbacks get for a path that follows the stream-key convention. */
export interface MediamtxPathEvent {
  /** The key from `<prefix>/<key>`: secret, mask it in logs. */
  streamKey: string;
  /** MediaMTX's source type (rtmpConn, srtConn, rtspSession, ...), "" when MediaMTX did not say. */
  sourceType: string;
  /** MediaMTX's id for the publishing connection/session, for MediamtxControlClient.kick. */
  sourceId: string;
}
