import { expect, test } from 'bun:test';
import { ApiError, networkError, problemMessage } from './api-error.ts';

test('problem JSON: the detail is the message', () => {
  const error = problemMessage(
    409,
    JSON.stringify({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'A stream named "x" exists.',
    }),
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(error.message).toBe('A stream named "x" exists.');
  expect(error.status).toBe(409);
});

test('validation problems name the fields the detail does not already mention', () => {
  const error = problemMessage(
    400,
    JSON.stringify({
      title: 'Bad Request',
      detail: 'Invalid request',
      errors: [
        { path: 'body.name', message: 'lowercase letters only' },
        { path: 'body.dvrWindowSeconds', message: 'too big' },
      ],
    }),
  );
  expect(error.message).toBe('Invalid request (name: lowercase letters only; dvrWindowSeconds: too big)');
  expect(error.fields.map((f) => f.path)).toEqual(['name', 'dvrWindowSeconds']);
});

test('answers that are not problem JSON still read as a sentence', () => {
  expect(problemMessage(401, '').message).toContain('API key is not accepted');
  expect(problemMessage(502, '<html>Bad gateway</html>').message).toBe('The server answered 502.');
  expect(problemMessage(400, JSON.stringify({ errors: [{ path: 3 }] })).message).toBe(
    'The server answered 400.',
  );
  expect(networkError(new TypeError('Failed to fetch')).message).toContain(
    'Cannot reach the origin (Failed to fetch)',
  );
});
