import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Caller } from '../http/api-key-auth.ts';
import { jsonResponse } from './json-content.ts';
import { problemResponses } from './problem-responses.ts';

const whoamiView = z
  .object({
    keyId: z.string().openapi({ description: '"environment" for the admin key from the environment' }),
    scope: z.enum(['admin', 'read']),
  })
  .openapi('Whoami');

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['api-keys'],
  security: [{ bearer: [] }],
  summary: 'The API key making this call and its scope (what a console may offer)',
  responses: { 200: jsonResponse(whoamiView, 'The caller'), ...problemResponses(401) },
});

/** `/api/v1/whoami`: lets a UI decide what to show without provoking a 403. */
export function whoamiApi() {
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>();
  app.openapi(route, (c) => c.json(c.get('caller'), 200));
  return app;
}
