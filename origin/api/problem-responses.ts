import { problem } from './stream-schemas.ts';

const descriptions: Record<number, string> = {
  400: 'Invalid parameters, query or body; `errors` names each field',
  401: 'No API key, or an unknown or revoked one',
  403: 'The API key lacks the scope this operation needs',
  404: 'No such resource',
  409: 'Conflicts with an existing resource (e.g. a duplicate name)',
  413: 'The request body is larger than the configured limit',
  415: 'The request body is not JSON',
};

/** OpenAPI `responses` entries for the problem+json errors a route can return. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problem } },
      },
    ]),
  );
}
