import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProblemError } from '../../defs/errors.ts';

/**
 * The one place errors become responses: RFC 9457 `application/problem+json`.
 * Typed errors keep their status and detail; anything else is a 500 with a generic
 * detail and the request id, never a stack trace (the log has the details).
 */
export function problemResponse(error: unknown, c: Context): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  let status = 500;
  let title = 'Internal Server Error';
  let detail = 'Something went wrong on our side; the request id identifies it in the logs.';
  let issues: ProblemError['issues'] = [];
  if (error instanceof ProblemError) {
    ({ status, title, issues } = error);
    detail = error.message;
  } else if (error instanceof HTTPException) {
    status = error.status;
    title = error.message || 'Error';
    detail = error.message;
  }
  const body = {
    type: 'about:blank',
    title,
    status,
    detail,
    ...(issues.length ? { errors: issues } : {}),
    ...(requestId ? { requestId } : {}),
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}
