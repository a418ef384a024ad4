// Value formats of draft-pantos-hls-rfc8216bis §4.2 ("Attribute Lists"), shared by every tag writer.

/** One `NAME=value` pair; `undefined` values are left out so optional attributes stay optional. */
export type AttributeValue = string | undefined;

/** Joins pairs into `A=1,B="x"`, skipping absent values, in the order given. */
export function attributeList(pairs: ReadonlyArray<readonly [string, AttributeValue]>): string {
  return pairs
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

// §4.2: "decimal-integer: an unquoted string of characters from the set [0..9] expressing an integer
// in base-10 arithmetic in the range from 0 to 2^64-1".
export function decimalInteger(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`not a decimal-integer: ${value}`);
  }
  return String(value);
}

// §4.2: "decimal-floating-point: an unquoted string of characters from the set [0..9] and '.'".
// No exponent, no sign: `toFixed` never uses exponents below 1e21. Five decimals keep 10 µs precision,
// which is finer than any media timescale tick we produce; trailing zeros go so `2` prints as `2`.
export function decimalFloat(value: number, decimals = 5): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`not a decimal-floating-point: ${value}`);
  }
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

// §4.2: "quoted-string: a string of characters within a pair of double quotes (0x22). The following
// characters MUST NOT appear in a quoted-string: line feed (0xA), carriage return (0xD), or double
// quote (0x22)."
export function quotedString(value: string): string {
  if (/["\r\n]/.test(value)) {
    throw new RangeError(`cannot be a quoted-string: ${JSON.stringify(value)}`);
  }
  return `"${value}"`;
}

// §4.2: "enumerated-string: an unquoted character string from a set that is explicitly defined by the
// AttributeName"; for booleans the spec uses YES / NO.
export function yesNo(value: boolean): string {
  return value ? 'YES' : 'NO';
}

// §4.2: "decimal-resolution: two decimal-integers separated by the 'x' character".
export function decimalResolution(width: number, height: number): string {
  return `${decimalInteger(width)}x${decimalInteger(height)}`;
}
