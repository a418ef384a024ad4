import type { TransferSample } from './throughput-estimator.ts';

/**
 * The rate to believe at once when one finished load shows the link fell far below the
 * estimate: it took longer than the media it carries lasts (the rendition cannot be sustained,
 * whatever the averages say) and measured under half the estimate. The averages would need
 * a second or more of slow transfers to agree, and near the live edge the buffer is shorter
 * than that. Undefined when the sample is no such evidence (a short hiccup on a fast link
 * still finishes within its media's duration).
 */
export function collapsedRate(
  sample: TransferSample,
  mediaSeconds: number,
  estimate: number,
): number | undefined {
  const { bytes, transferMs } = sample;
  if (!(bytes > 0) || !(transferMs > 0) || !(mediaSeconds > 0)) return undefined;
  if (transferMs < mediaSeconds * 1000) return undefined;
  const bitsPerSecond = (bytes * 8) / (transferMs / 1000);
  return bitsPerSecond < estimate / 2 ? bitsPerSecond : undefined;
}
