import { expect, test } from 'bun:test';
import { MediaBodies } from './media-bodies.ts';

test('one body per byte array, shared by every response', async () => {
  const bodies = new MediaBodies();
  const bytes = Uint8Array.from([1, 2, 3, 4]);
  const body = bodies.of(bytes);
  expect(bodies.of(bytes)).toBe(body);
  expect(await new Response(body.blob).bytes()).toEqual(bytes);
  expect(await new Response(body.blob).bytes()).toEqual(bytes);
});

test('a part that is a view into its segment is a slice of the segment body', async () => {
  const bodies = new MediaBodies();
  const segment = Uint8Array.from({ length: 100 }, (_, i) => i);
  const part = segment.subarray(40, 70);
  const body = bodies.of(part, segment);
  expect(body.blob.size).toBe(30);
  expect(await new Response(body.blob).bytes()).toEqual(part);
  // The segment's own body now exists too, and is the whole segment.
  expect(await new Response(bodies.of(segment).blob).bytes()).toEqual(segment);
});

test('bytes that are no view into the given segment get their own body', async () => {
  const bodies = new MediaBodies();
  const segment = new Uint8Array(10);
  const separate = Uint8Array.from([9, 8, 7]);
  expect(await new Response(bodies.of(separate, segment).blob).bytes()).toEqual(separate);
});

test('the newest bodies are kept up to the byte bound, the oldest dropped first', () => {
  const bodies = new MediaBodies({ maxBytes: 250 });
  const a = new Uint8Array(100);
  const b = new Uint8Array(100);
  const c = new Uint8Array(100);
  const first = bodies.of(a);
  bodies.of(b);
  expect(bodies.of(a)).toBe(first);
  expect(bodies.heldBytes).toBe(200);
  bodies.of(c);
  expect(bodies.heldBytes).toBe(200);
  // a was the oldest: dropped, so it gets a new body (and b goes).
  expect(bodies.of(a)).not.toBe(first);
  expect(bodies.heldBytes).toBe(200);
  // Larger than the bound: a body for this response only.
  const huge = new Uint8Array(300);
  expect(bodies.of(huge)).not.toBe(bodies.of(huge));
  expect(bodies.heldBytes).toBe(200);
});
