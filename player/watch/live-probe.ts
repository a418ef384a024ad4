import type { Protocol } from './playback-engine.ts';

/**
 * Is the stream live again? HLS: a media playlist without ENDLIST (an ended stream keeps
 * serving its last playlist for a minute, then 404). DASH: an MPD that still updates
 * (an ended one drops minimumUpdatePeriod). Any network error means "not yet".
 */
export async function isLive(protocol: Protocol, url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return false;
    const text = await response.text();
    if (protocol === 'dash') return text.includes('minimumUpdatePeriod');
    const media = text.split('\n').find((line) => line.trim() && !line.startsWith('#'));
    if (!media) return !text.includes('#EXT-X-ENDLIST');
    const playlist = await fetch(new URL(media.trim(), response.url), { cache: 'no-store' });
    return playlist.ok && !(await playlist.text()).includes('#EXT-X-ENDLIST');
  } catch {
    return false;
  }
}
