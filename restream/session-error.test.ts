import { expect, test } from 'bun:test';
import { sessionError } from './session-error.ts';

test('the last two distinct lines of the session that just ended, without pointer noise', () => {
  expect(
    sessionError([
      '--- restream:s/d attempt 1 pid 10',
      'old session line',
      '--- restream:s/d exited code=1 signal=null after 900 ms',
      '--- restream:s/d attempt 2 pid 11',
      '[tcp @ 0x55adea99a240] Connection to tcp://127.0.0.1:9 failed: Connection refused',
      'rtmp://127.0.0.1:9/app/k: Connection refused',
      'rtmp://127.0.0.1:9/app/k: Connection refused',
      '--- restream:s/d exited code=1 signal=null after 1500 ms',
    ]),
  ).toBe(
    '[tcp] Connection to tcp://127.0.0.1:9 failed: Connection refused | rtmp://127.0.0.1:9/app/k: Connection refused',
  );
});

test('a session that said nothing gives nothing; a failed spawn is reported', () => {
  expect(
    sessionError([
      '--- restream:s/d attempt 1 pid 10',
      '--- restream:s/d exited code=null signal=SIGKILL after 9 ms',
    ]),
  ).toBeUndefined();
  expect(sessionError(['--- restream:s/d attempt 1: spawn failed: ENOENT'])).toBe(
    '--- restream:s/d attempt 1: spawn failed: ENOENT',
  );
});
