import { expect, test } from 'bun:test';
import { SRT_REJX } from './srt-constants.ts';
import { parseStreamId } from './srt-listen-gate.ts';

/** The handshake hook's stream id grammar (C, srt-listen-gate.c), one case table. */
const cases: [streamId: string, expected: string | number][] = [
  ['publish:sk_abc-DEF_123', 'sk_abc-DEF_123'],
  ['publish:live/cam.1~a:b@c+d', 'live/cam.1~a:b@c+d'],
  ['#!::r=sk_abc,m=publish', 'sk_abc'],
  ['#!::m=publish,r=sk_abc', 'sk_abc'],
  ['#!::u=alice,r=sk_abc,m=publish', 'sk_abc'],
  ['#!::r=sk_abc,m=publish,t=stream,h=origin.example,s=42', 'sk_abc'],
  // refused: play/request modes and the default mode (request)
  ['#!::r=sk_abc,m=request', SRT_REJX.BAD_MODE],
  ['#!::r=sk_abc,m=play', SRT_REJX.BAD_MODE],
  ['#!::r=sk_abc', SRT_REJX.BAD_MODE],
  ['#!::r=sk_abc,m=publish,t=file', SRT_REJX.NOTSUP_MEDIA],
  ['#!::r=sk_abc,m=publish,x=1', SRT_REJX.KEY_NOTSUP],
  ['#!::r=sk_abc,m=publish,user=bob', SRT_REJX.KEY_NOTSUP],
  // refused: malformed
  ['', SRT_REJX.BAD_REQUEST],
  ['sk_abc', SRT_REJX.BAD_REQUEST],
  ['play:sk_abc', SRT_REJX.BAD_REQUEST],
  ['publish:', SRT_REJX.BAD_REQUEST],
  ['publish:sk abc', SRT_REJX.BAD_REQUEST],
  ['publish:sk,abc', SRT_REJX.BAD_REQUEST],
  ['publish:ключ', SRT_REJX.BAD_REQUEST],
  [`publish:${'k'.repeat(257)}`, SRT_REJX.BAD_REQUEST],
  [`publish:${'k'.repeat(256)}`, 'k'.repeat(256)],
  [`#!::r=${'k'.repeat(600)},m=publish`, SRT_REJX.BAD_REQUEST],
  ['#!::', SRT_REJX.BAD_REQUEST],
  ['#!::m=publish', SRT_REJX.BAD_REQUEST],
  ['#!::r=,m=publish', SRT_REJX.BAD_REQUEST],
  ['#!::r=a,r=b,m=publish', SRT_REJX.BAD_REQUEST],
  ['#!::r=sk_abc,m=publish,', SRT_REJX.BAD_REQUEST],
  ['#!::r=sk_abc,,m=publish', SRT_REJX.BAD_REQUEST],
  ['#!::=x,r=sk_abc,m=publish', SRT_REJX.BAD_REQUEST],
  ['#!::r,m=publish', SRT_REJX.BAD_REQUEST],
  ['#!:r=sk_abc,m=publish', SRT_REJX.BAD_REQUEST],
];

test.each(cases)('stream id %p -> %p', (streamId, expected) => {
  const parsed = parseStreamId(streamId);
  if (typeof expected === 'string') expect(parsed).toEqual({ ok: true, streamKey: expected });
  else expect(parsed).toEqual({ ok: false, rejectCode: expected });
});

test('random bytes never crash the parser and never yield a key outside the allowed characters', () => {
  for (let i = 0; i < 2000; i++) {
    const length = Math.floor(Math.random() * 80);
    const prefix = ['publish:', '#!::', '#!::r=', ''][i % 4] ?? '';
    const noise = Array.from({ length }, () => String.fromCharCode(1 + Math.floor(Math.random() * 126))).join(
      '',
    );
    const parsed = parseStreamId(prefix + noise);
    if (parsed.ok) expect(parsed.streamKey).toMatch(/^[A-Za-z0-9\-_.~:/@+]{1,256}$/);
  }
});
