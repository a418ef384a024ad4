// The part of mpd-parser (videojs, a dev dependency for round-trip tests) that the tests use; the
// package ships no types.
declare module 'mpd-parser' {
  export interface ParsedSegment {
    uri: string;
    resolvedUri: string;
    /** Seconds. */
    duration: number;
    /** Renumbered from 0 within the parsed playlist (not the template's $Number$). */
    number: number;
    /** Seconds on the MPD timeline: Period@start + (S@t - presentationTimeOffset) / timescale. */
    presentationTime: number;
    /** The start of the period the segment belongs to. */
    timeline: number;
    discontinuity?: boolean;
    map?: { uri: string; resolvedUri: string };
  }

  export interface ParsedPlaylist {
    attributes: {
      NAME: string;
      BANDWIDTH: number;
      CODECS?: string;
      RESOLUTION?: { width: number; height: number };
      'FRAME-RATE'?: number;
    };
    segments: ParsedSegment[];
    discontinuityStarts: number[];
    timelineStarts: { start: number; timeline: number }[];
  }

  export interface ParsedManifest {
    playlists: ParsedPlaylist[];
    mediaGroups: {
      AUDIO: Record<string, Record<string, { playlists: ParsedPlaylist[] }>>;
    };
    /** Milliseconds. */
    minimumUpdatePeriod?: number;
    /** Seconds. */
    suggestedPresentationDelay?: number;
    timelineStarts: { start: number; timeline: number }[];
  }

  export function parse(
    manifest: string,
    options?: { manifestUri?: string; NOW?: number; clientOffset?: number },
  ): ParsedManifest;

  /** The parsed `MPD` element (an @xmldom/xmldom DOM). */
  export function stringToMpdXml(manifest: string): Element;
}
