import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProblemError } from '../../defs/errors.ts';

/**
 * The hook app renders its own `application/problem+json` (RFC 9457) so it answers the
 * same whether it is mounted in the origin or tested alone. MediaMTX logs the body of a
 * refusal ("server replied with code 401: ..."), so details never carry a key.
 */
export function hookProblemResponse(error: unknown, c: Context): Response {
  const problem =
    error instanceof ProblemError
      ? { status: error.status, title: error.title, detail: error.message, issues: error.issues }
      : {
          status: 500,
          title: 'Internal Server Error',
          detail: 'The hook failed; see the origin log.',
          issues: [],
        };
  const body = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.issues.length ? { errors: problem.issues } : {}),
  };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}
