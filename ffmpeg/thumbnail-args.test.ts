import { expect, test } from 'bun:test';
import { thumbnailArgs } from './thumbnail-args.ts';

test('one frame, scaled to an even height, JPEG on stdout', () => {
  const args = thumbnailArgs({ height: 181, quality: 1 });
  expect(args).toContain('scale=-2:182');
  expect(args[args.indexOf('-frames:v') + 1]).toBe('1');
  expect(args[args.indexOf('-q:v') + 1]).toBe('2');
  expect(args.at(-1)).toBe('pipe:1');
});
