// §4.4.4.6: "The EXT-X-PROGRAM-DATE-TIME tag associates the first sample of a Media Segment with an
// absolute date and/or time." The date is ISO 8601 with milliseconds and a time zone: `toISOString`
// always prints `YYYY-MM-DDTHH:mm:ss.sssZ`.
export function extXProgramDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError('EXT-X-PROGRAM-DATE-TIME needs a valid date');
  }
  return `#EXT-X-PROGRAM-DATE-TIME:${date.toISOString()}`;
}
