import type { StreamRecord } from '../../defs/stream.ts';
import { maskSecret } from '../../state/secret-token.ts';

export interface UrlSettings {
  /** Absolute base URL of this origin, no trailing slash. */
  publicBaseUrl: string;
  /** Host written into ingest URLs (defaults to the public URL's host). */
  ingestHost: string;
  rtmpPort: number;
  srtPort: number;
}

export interface StreamUrls {
  ingest: { rtmp: string; srt: string; udp: string; obs: { server: string; streamKey: string } };
  playback: { hls: string; dash: string; player: string };
}

/**
 * Where an encoder publishes and where viewers play, as absolute URLs. Playback URLs
 * carry the public name only (deterministic, cacheable); ingest URLs carry the key,
 * masked for callers who may not see it.
 */
export function streamUrls(stream: StreamRecord, settings: UrlSettings, revealKey: boolean): StreamUrls {
  const key = revealKey ? stream.streamKey : maskSecret(stream.streamKey);
  const host = settings.ingestHost || new URL(settings.publicBaseUrl).hostname;
  const name = encodeURIComponent(stream.name);
  const rtmpServer = `rtmp://${host}:${settings.rtmpPort}/live`;
  return {
    ingest: {
      rtmp: `${rtmpServer}/${key}`,
      srt: `srt://${host}:${settings.srtPort}?streamid=publish:${key}`,
      udp: `udp://${host}:${stream.udpPort}`,
      obs: { server: rtmpServer, streamKey: key },
    },
    playback: {
      hls: `${settings.publicBaseUrl}/hls/${name}/index.m3u8`,
      dash: `${settings.publicBaseUrl}/dash/${name}/manifest.mpd`,
      player: `${settings.publicBaseUrl}/watch/${name}`,
    },
  };
}
