// The plain input of the multivariant playlist writer: one audio group per audio track and one
// variant per video rendition of the ladder.

/** An `EXT-X-MEDIA:TYPE=AUDIO` rendition: a separate audio media playlist (APL-AUTH 9.5). */
export interface AudioRenditionSnapshot {
  readonly groupId: string;
  /** Human-readable, unique within the group. */
  readonly name: string;
  /** RFC 5646 language tag, or `null` when unknown. */
  readonly language: string | null;
  readonly isDefault: boolean;
  readonly autoselect: boolean;
  /** Audio channel count (`CHANNELS="2"`). */
  readonly channels: number;
  /** Relative URI of its media playlist. */
  readonly uri: string;
}

/** An `EXT-X-STREAM-INF` variant: a video media playlist, optionally paired with an audio group. */
export interface VariantSnapshot {
  /** Relative URI of its media playlist. */
  readonly uri: string;
  /** Peak bits per second of video plus the largest rendition of its audio group. */
  readonly bandwidth: number;
  /** Average bits per second, or `null` when not measured yet. */
  readonly averageBandwidth: number | null;
  /** RFC 6381 codec strings, e.g. `avc1.64001f` and `mp4a.40.2`; `null` when absent. */
  readonly videoCodec: string | null;
  readonly audioCodec: string | null;
  readonly resolution: { readonly width: number; readonly height: number } | null;
  /** Frames per second, or `null` for audio-only variants. */
  readonly frameRate: number | null;
  /** `GROUP-ID` of the audio renditions that play with it, or `null` (audio muxed or absent). */
  readonly audioGroupId: string | null;
}

export interface MultivariantPlaylistSnapshot {
  readonly audioRenditions: readonly AudioRenditionSnapshot[];
  readonly variants: readonly VariantSnapshot[];
}
