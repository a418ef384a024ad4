import type {
  AdaptationSetSnapshot,
  MpdSnapshot,
  PeriodSnapshot,
  RepresentationSnapshot,
  SegmentTemplateSnapshot,
} from './mpd-snapshot.ts';

/** A snapshot the writer refuses: the message names the field (`periods[1].adaptationSets[0]...`). */
export class InvalidMpdSnapshotError extends RangeError {
  override readonly name = 'InvalidMpdSnapshotError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`invalid MPD snapshot: ${path} ${problem}`);
  }
}

function check(condition: boolean, path: string, problem: string): void {
  if (!condition) throw new InvalidMpdSnapshotError(path, problem);
}

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function positiveInteger(value: number, path: string): void {
  check(Number.isSafeInteger(value) && value > 0, path, `must be a positive integer, got ${show(value)}`);
}

function unsignedInteger(value: number, path: string): void {
  check(Number.isSafeInteger(value) && value >= 0, path, `must be an integer >= 0, got ${show(value)}`);
}

function seconds(value: number, path: string, { positive }: { positive: boolean }): void {
  const ok = Number.isFinite(value) && (positive ? value > 0 : value >= 0);
  check(ok, path, `must be a finite number of seconds ${positive ? '> 0' : '>= 0'}, got ${show(value)}`);
}

function validDate(value: Date, path: string): void {
  check(value instanceof Date && !Number.isNaN(value.getTime()), path, 'must be a valid Date');
}

function nonEmpty(value: string, path: string): void {
  check(
    typeof value === 'string' && value.trim() !== '',
    path,
    `must be a non-empty string, got ${show(value)}`,
  );
}

// §5.3.9.4.4 Table 16: the identifiers a template may use; `$$` is a literal dollar.
const templateIdentifier = /\$(?:(?:RepresentationID|Number|Bandwidth|Time|SubNumber)(?:%0\d+d)?)?\$/g;

function urlTemplate(value: string, path: string, { needsNumber }: { needsNumber: boolean }): void {
  nonEmpty(value, path);
  const identifiers = value.match(templateIdentifier) ?? [];
  const dollars = [...value].filter((c) => c === '$').length;
  check(dollars === 2 * identifiers.length, path, `has a stray or unknown $ identifier: ${show(value)}`);
  const numbered = identifiers.some((id) => id.startsWith('$Number'));
  if (needsNumber) check(numbered, path, `must address segments by $Number$: ${show(value)}`);
  else
    check(!identifiers.some((id) => /Number|Time/.test(id)), path, `cannot vary by segment: ${show(value)}`);
}

function validateTemplate(template: SegmentTemplateSnapshot, path: string): void {
  positiveInteger(template.timescale, `${path}.timescale`);
  unsignedInteger(template.presentationTimeOffset, `${path}.presentationTimeOffset`);
  urlTemplate(template.initialization, `${path}.initialization`, { needsNumber: false });
  urlTemplate(template.media, `${path}.media`, { needsNumber: true });
  unsignedInteger(template.startNumber, `${path}.startNumber`);
  seconds(template.availabilityTimeOffset, `${path}.availabilityTimeOffset`, { positive: false });
  check(template.segments.length > 0, `${path}.segments`, 'must list at least one segment');
  let end = -1;
  template.segments.forEach((segment, index) => {
    const at = `${path}.segments[${index}]`;
    unsignedInteger(segment.start, `${at}.start`);
    positiveInteger(segment.duration, `${at}.duration`);
    // A gap is written with its own S@t; an overlap cannot be expressed (DASH-IF: no overlaps).
    check(
      segment.start >= end,
      `${at}.start`,
      `${segment.start} overlaps the previous segment (ends at ${end})`,
    );
    end = segment.start + segment.duration;
  });
  // LOW-LATENCY.md (DASH-IF LL): availabilityTimeOffset > 0 and < the segment duration. It only
  // matters for the last segment, the one that may still be growing: a client asking for it
  // earlier would find nothing to stream yet. Complete segments are available whatever it says.
  const last = template.segments.at(-1);
  const lastSeconds = last ? last.duration / template.timescale : 0;
  check(
    template.availabilityTimeOffset < lastSeconds,
    `${path}.availabilityTimeOffset`,
    `(${template.availabilityTimeOffset} s) must be shorter than the last segment (${lastSeconds} s)`,
  );
}

function validateRepresentation(representation: RepresentationSnapshot, path: string): void {
  nonEmpty(representation.id, `${path}.id`);
  check(
    !/\s/.test(representation.id),
    `${path}.id`,
    `must not contain whitespace: ${show(representation.id)}`,
  );
  positiveInteger(representation.bandwidth, `${path}.bandwidth`);
  nonEmpty(representation.codecs, `${path}.codecs`);
  for (const key of ['width', 'height', 'audioSamplingRate', 'audioChannels'] as const) {
    const value = representation[key];
    if (value !== undefined) positiveInteger(value, `${path}.${key}`);
  }
  if (representation.frameRate !== undefined) {
    positiveInteger(representation.frameRate.numerator, `${path}.frameRate.numerator`);
    positiveInteger(representation.frameRate.denominator, `${path}.frameRate.denominator`);
  }
}

function validateAdaptationSet(adaptationSet: AdaptationSetSnapshot, path: string): void {
  unsignedInteger(adaptationSet.id, `${path}.id`);
  check(
    adaptationSet.contentType === 'video' || adaptationSet.contentType === 'audio',
    `${path}.contentType`,
    `must be "video" or "audio", got ${show(adaptationSet.contentType)}`,
  );
  check(
    /^[a-z]+\/[a-z0-9.+-]+$/i.test(adaptationSet.mimeType),
    `${path}.mimeType`,
    `is not a MIME type: ${show(adaptationSet.mimeType)}`,
  );
  validateTemplate(adaptationSet.segmentTemplate, `${path}.segmentTemplate`);
  const reference = adaptationSet.producerReferenceTime;
  if (reference !== null) {
    unsignedInteger(reference.id, `${path}.producerReferenceTime.id`);
    validDate(reference.wallClockTime, `${path}.producerReferenceTime.wallClockTime`);
    unsignedInteger(reference.presentationTime, `${path}.producerReferenceTime.presentationTime`);
  }
  check(adaptationSet.representations.length > 0, `${path}.representations`, 'must not be empty');
  adaptationSet.representations.forEach((representation, index) => {
    validateRepresentation(representation, `${path}.representations[${index}]`);
  });
}

/** A period's own rules (ids, adaptation sets, templates, representations); shared by dynamic and static MPDs. */
export function validatePeriod(period: PeriodSnapshot, path: string): void {
  nonEmpty(period.id, `${path}.id`);
  seconds(period.start, `${path}.start`, { positive: false });
  check(period.adaptationSets.length > 0, `${path}.adaptationSets`, 'must not be empty');
  const setIds = new Set<number>();
  const representationIds = new Set<string>();
  period.adaptationSets.forEach((adaptationSet, index) => {
    const at = `${path}.adaptationSets[${index}]`;
    validateAdaptationSet(adaptationSet, at);
    check(!setIds.has(adaptationSet.id), `${at}.id`, `${adaptationSet.id} is used twice in the period`);
    setIds.add(adaptationSet.id);
    for (const representation of adaptationSet.representations) {
      check(
        !representationIds.has(representation.id),
        `${at}.representations`,
        `id ${show(representation.id)} is used twice in the period`,
      );
      representationIds.add(representation.id);
    }
  });
}

/** Throws `InvalidMpdSnapshotError` on the first field the MPD cannot carry or a player would trip on. */
export function assertValidMpdSnapshot(snapshot: MpdSnapshot): void {
  validDate(snapshot.availabilityStartTime, 'availabilityStartTime');
  validDate(snapshot.publishTime, 'publishTime');
  if (!snapshot.ended) seconds(snapshot.minimumUpdatePeriod, 'minimumUpdatePeriod', { positive: true });
  seconds(snapshot.timeShiftBufferDepth, 'timeShiftBufferDepth', { positive: true });
  seconds(snapshot.maxSegmentDuration, 'maxSegmentDuration', { positive: true });
  seconds(snapshot.minBufferTime, 'minBufferTime', { positive: false });
  if (snapshot.suggestedPresentationDelay !== null) {
    seconds(snapshot.suggestedPresentationDelay, 'suggestedPresentationDelay', { positive: false });
  }
  const description = snapshot.serviceDescription;
  if (description !== null) {
    const { latency, playbackRate } = description;
    unsignedInteger(latency.minMs, 'serviceDescription.latency.minMs');
    unsignedInteger(latency.targetMs, 'serviceDescription.latency.targetMs');
    unsignedInteger(latency.maxMs, 'serviceDescription.latency.maxMs');
    check(
      latency.minMs <= latency.targetMs && latency.targetMs <= latency.maxMs,
      'serviceDescription.latency',
      `must satisfy min <= target <= max, got ${latency.minMs} / ${latency.targetMs} / ${latency.maxMs}`,
    );
    check(
      playbackRate.min > 0 &&
        playbackRate.min <= 1 &&
        playbackRate.max >= 1 &&
        Number.isFinite(playbackRate.max),
      'serviceDescription.playbackRate',
      `must satisfy 0 < min <= 1 <= max, got ${playbackRate.min} / ${playbackRate.max}`,
    );
    if (latency.referenceId !== null) {
      const referenceId = latency.referenceId;
      snapshot.periods.forEach((period, p) => {
        period.adaptationSets.forEach((set, a) => {
          check(
            set.producerReferenceTime?.id === referenceId,
            `periods[${p}].adaptationSets[${a}].producerReferenceTime`,
            `must have id ${referenceId}: serviceDescription.latency.referenceId points at it`,
          );
        });
      });
    }
  }
  check(snapshot.utcTimings.length > 0, 'utcTimings', 'must list at least one clock (DASH-IF timing model)');
  snapshot.utcTimings.forEach((timing, index) => {
    check(
      ['http-iso', 'http-xsdate', 'http-head'].includes(timing.scheme),
      `utcTimings[${index}].scheme`,
      `must be http-iso, http-xsdate or http-head, got ${show(timing.scheme)}`,
    );
    nonEmpty(timing.url, `utcTimings[${index}].url`);
  });
  if (snapshot.baseUrl !== null) nonEmpty(snapshot.baseUrl, 'baseUrl');
  check(snapshot.periods.length > 0, 'periods', 'must not be empty');
  const periodIds = new Set<string>();
  let previousStart = Number.NEGATIVE_INFINITY;
  snapshot.periods.forEach((period, index) => {
    validatePeriod(period, `periods[${index}]`);
    check(!periodIds.has(period.id), `periods[${index}].id`, `${show(period.id)} is used twice`);
    periodIds.add(period.id);
    check(
      period.start > previousStart,
      `periods[${index}].start`,
      `(${period.start} s) must come after the previous period's (${previousStart} s)`,
    );
    previousStart = period.start;
  });
}
