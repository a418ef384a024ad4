import { expect, test } from 'bun:test';
import { parseRoute, routeHash } from './hash-route.ts';

test('routes round-trip through the hash; anything else is the stream list', () => {
  const detail = { page: 'stream', id: 'str_AbC123dEf456', created: false } as const;
  expect(parseRoute(routeHash(detail))).toEqual(detail);
  expect(parseRoute('#/streams/str_AbC123dEf456?created')).toEqual({ ...detail, created: true });
  for (const hash of ['', '#', '#/streams', '#/streams/nope', '#/streams/str_AbC123dEf456/x', '#/elsewhere'])
    expect(parseRoute(hash)).toEqual({ page: 'streams' });
});
