import { ConfigError } from '../../defs/errors.ts';
import { maskSecret } from '../../state/secret-token.ts';

/**
 * Our convention for publishing through MediaMTX: the stream key is the last segment of
 * the path, `<prefix>/<key>` (default `live/<key>`). It is what every encoder already
 * sends: OBS "Server rtmp://ingest/live" + "Stream key <key>", SRT
 * `streamid=publish:live/<key>`, RTSP `rtsp://ingest:8554/live/<key>`.
 */
export const defaultPathPrefix = 'live';

/** Characters a key may use in a MediaMTX path segment (our keys are base64url with a prefix). */
const keyPattern = /^[A-Za-z0-9._~-]{1,256}$/;
const prefixPattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Checks a configured prefix once, at start-up. */
export function checkPathPrefix(prefix: string): string {
  if (!prefixPattern.test(prefix))
    throw new ConfigError('mediamtx.pathPrefix', prefix, 'path segments of letters, digits, _ or -');
  return prefix;
}

/** The stream key in `<prefix>/<key>`, or undefined when the path does not follow the convention. */
export function streamKeyFromPath(path: string, prefix: string): string | undefined {
  const head = `${prefix}/`;
  if (!path.startsWith(head)) return undefined;
  const key = path.slice(head.length);
  return keyPattern.test(key) ? key : undefined;
}

/** The path as logs may show it. A path off the convention is masked whole: it may be a key typed in the wrong place. */
export function maskedPath(path: string, prefix: string): string {
  const key = streamKeyFromPath(path, prefix);
  return key === undefined ? maskSecret(path) : `${prefix}/${maskSecret(key)}`;
}
