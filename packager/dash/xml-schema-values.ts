// Value formats of the MPD's XML Schema types (XML Schema Part 2 §3.2), as the MPD uses them.

/**
 * xs:duration in seconds with millisecond precision: `PT2.000S`. The MPD's durations (periods,
 * update periods, buffers) never need finer; ms keeps every MPD of the same state byte-identical.
 */
export function xsDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not an xs:duration: ${seconds}`);
  return `PT${(Math.round(seconds * 1000) / 1000).toFixed(3)}S`;
}

/** xs:dateTime in UTC with milliseconds: `2025-01-01T12:00:00.000Z`. */
export function xsDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('not an xs:dateTime: invalid Date');
  return date.toISOString();
}

/** xs:unsignedInt / xs:unsignedLong: a non-negative integer (JavaScript's safe range). */
export function xsUnsigned(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not an unsigned integer: ${value}`);
  return String(value);
}

/**
 * xs:double / xs:decimal without exponent, at most `decimals` places, trailing zeros dropped:
 * 1.8 prints `1.8`, 2 prints `2`.
 */
export function xsDecimal(value: number, decimals = 3): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a decimal: ${value}`);
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
