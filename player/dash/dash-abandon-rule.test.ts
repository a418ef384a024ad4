import { expect, test } from 'bun:test';
import type { RulesContext } from 'dashjs';
import { AbrState } from '../abr/abr-state.ts';
import type { ChunkArrival } from '../abr/transfer-bursts.ts';
import { dashAbandonRuleFactory } from './dash-abandon-rule.ts';

// The test ladder's video: 360p, 240p, 144p (dash.js lists them by bandwidth).
const representations = [
  { id: '144p', bandwidth: 250_000 },
  { id: '240p', bandwidth: 600_000 },
  { id: '360p', bandwidth: 1_300_000 },
];
const url = 'http://127.0.0.1/dash/abr/video-360p-7.m4s';

function setup(bufferSeconds = 0.6) {
  const state = new AbrState({ targetBufferSeconds: 0.6 });
  for (let i = 0; i < 10; i++) state.estimator.add({ bytes: 75_000, transferMs: 100 }); // 6 Mbps
  const inFlight = new Map<string, ChunkArrival[]>();
  let now = 0;
  const factory = dashAbandonRuleFactory(
    state,
    { getBufferLength: () => bufferSeconds },
    inFlight,
    () => now,
  );
  const rule = factory({}).create();
  const context = (mediaType = 'video', request: object = { url, type: 'MediaSegment', duration: 2 }) =>
    ({
      getMediaType: () => mediaType,
      getCurrentRequest: () => request,
      getMediaInfo: () => ({}),
      getRepresentation: () => representations[2],
      getAbrController: () => ({ getPossibleVoRepresentationsFilteredBySettings: () => representations }),
    }) as unknown as RulesContext;
  return { state, inFlight, rule, context, at: (ms: number) => (now = ms) };
}

// The link at 600 kbps: 1875 bytes every 25 ms, back to back.
const slowChunks = (fromMs: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ atMs: fromMs + i * 25, bytes: 1875 }));

test('a segment falling behind early on is abandoned for the rung the link carries, once', () => {
  const { rule, context, inFlight, state, at } = setup();
  inFlight.set(url, slowChunks(0, 17));
  at(410);
  const verdict = rule.shouldAbandon(context());
  expect(verdict.representation?.id).toBe('144p');
  expect(state.estimator.estimate()).toBeLessThan(700_000); // the measured rate, believed at once
  expect(rule.shouldAbandon(context()).representation).toBeNull();
  rule.reset();
  expect(rule.shouldAbandon(context()).representation?.id).toBe('144p');
});

test('late in the segment finishing is cheaper: not abandoned', () => {
  // The rest (~0.28 s of media) takes ~0.57 s at 600 kbps: longer than the 0.3 s buffer, but
  // reloading all 2 s at 144p is more bytes than that.
  const { rule, context, inFlight, at } = setup(0.3);
  // 280 kB of 1.3 Mbps already in (~1.7 s of 2), the rest arriving back to back at 600 kbps.
  inFlight.set(url, [{ atMs: 0, bytes: 248_000 }, ...slowChunks(100, 17)]);
  at(510);
  expect(rule.shouldAbandon(context()).representation).toBeNull();
});

test('keeping up, audio, or a request the meter does not know: no change', () => {
  const { rule, context, inFlight, at } = setup();
  inFlight.set(
    url,
    [0, 200, 400].map((t) => ({ atMs: t, bytes: 32_000 })),
  );
  at(420);
  expect(rule.shouldAbandon(context()).representation).toBeNull();
  inFlight.set(url, slowChunks(0, 17));
  at(410);
  expect(rule.shouldAbandon(context('audio')).representation).toBeNull();
  expect(
    rule.shouldAbandon(context('video', { url: `${url}?x`, type: 'MediaSegment', duration: 2 }))
      .representation,
  ).toBeNull();
  expect(
    rule.shouldAbandon(context('video', { url, type: 'InitializationSegment' })).representation,
  ).toBeNull();
});

test('with a long buffer the slow segment still arrives in time: no change', () => {
  const { rule, context, inFlight, at } = setup(5);
  inFlight.set(url, slowChunks(0, 17));
  at(410);
  expect(rule.shouldAbandon(context()).representation).toBeNull();
});
