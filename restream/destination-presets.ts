/**
 * Ingest URLs of the services streamers restream to most, so a user pastes only the
 * stream key. The key is appended as the last path segment (`.../app/<key>`).
 */
import { ValidationError } from '../defs/errors.ts';

export const destinationPresets = {
  youtube: { label: 'YouTube (RTMP)', ingestUrl: 'rtmp://a.rtmp.youtube.com/live2' },
  'youtube-rtmps': { label: 'YouTube (RTMPS)', ingestUrl: 'rtmps://a.rtmps.youtube.com:443/live2' },
  twitch: { label: 'Twitch (RTMP)', ingestUrl: 'rtmp://live.twitch.tv/app' },
  'twitch-global': {
    label: 'Twitch global ingest (RTMP)',
    ingestUrl: 'rtmp://ingest.global-contribute.live-video.net/app',
  },
} as const;

export type DestinationPreset = keyof typeof destinationPresets;

/** Stream keys as the services issue them; `?bandwidthtest=true` (Twitch) is allowed after the key. */
const STREAM_KEY = /^[A-Za-z0-9._~-]{1,256}(\?[A-Za-z0-9._~=&-]{1,64})?$/;

export function isDestinationPreset(name: string): name is DestinationPreset {
  return Object.hasOwn(destinationPresets, name);
}

/** The full destination URL for a preset and a stream key. Throws `ValidationError` (without the key). */
export function destinationUrl(preset: DestinationPreset | string, streamKey: string): string {
  if (!isDestinationPreset(preset))
    throw new ValidationError(
      `Unknown destination preset "${preset}" (use ${Object.keys(destinationPresets).join(', ')}).`,
      [{ path: 'preset', message: 'unknown preset' }],
    );
  if (typeof streamKey !== 'string' || !STREAM_KEY.test(streamKey))
    throw new ValidationError(
      'The stream key must be 1..256 letters, digits, ".", "_", "~" or "-" (optionally followed by ?bandwidthtest=true).',
      [{ path: 'streamKey', message: 'invalid stream key' }],
    );
  return `${destinationPresets[preset].ingestUrl}/${streamKey}`;
}
