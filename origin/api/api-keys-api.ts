import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { apiKeyScopes } from '../../defs/api-key.ts';
import { ForbiddenError, NotFoundError } from '../../defs/errors.ts';
import type { ApiKeyStore } from '../../defs/ports.ts';
import type { Caller } from '../http/api-key-auth.ts';
import { jsonBody, jsonResponse } from './json-content.ts';
import { problemResponses } from './problem-responses.ts';
import { throwOnInvalid } from './validation-hook.ts';

const apiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(apiKeyScopes),
    prefix: z.string().openapi({ description: 'First characters of the key, to tell keys apart' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const createdApiKey = apiKeyView
  .extend({ key: z.string().openapi({ description: 'The key itself: shown once, never again' }) })
  .openapi('CreatedApiKey');
const createBody = z
  .strictObject({ name: z.string().trim().min(1).max(100), scope: z.enum(apiKeyScopes) })
  .openapi('CreateApiKey');
const idParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8}$/, 'an API key id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const tags = ['api-keys'];
const security = [{ bearer: [] }];

const routes = {
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    security,
    summary: 'Create an API key (admin)',
    request: { body: jsonBody(createBody) },
    responses: {
      201: jsonResponse(createdApiKey, 'The key, shown this once'),
      ...problemResponses(400, 401, 403, 413, 415),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    security,
    summary: 'List API keys (admin)',
    responses: {
      200: jsonResponse(z.object({ items: z.array(apiKeyView) }), 'All keys, without their secrets'),
      ...problemResponses(401, 403),
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    security,
    summary: 'Revoke an API key (admin)',
    request: { params: idParam },
    responses: { 200: jsonResponse(apiKeyView, 'The revoked key'), ...problemResponses(400, 401, 403, 404) },
  }),
};

/** `/api/v1/api-keys`: admin-only management of the keys that call this API. */
export function apiKeysApi(options: { apiKeys: ApiKeyStore }) {
  const { apiKeys } = options;
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>({ defaultHook: throwOnInvalid });

  // Even listing keys is admin-only: names and prefixes help an attacker pick a target.
  app.use('*', async function adminOnly(c, next) {
    if (c.get('caller').scope !== 'admin')
      throw new ForbiddenError('Managing API keys needs the "admin" scope.');
    await next();
  });

  app.openapi(routes.create, (c) => {
    const { name, scope } = c.req.valid('json');
    const { record, key } = apiKeys.create(name, scope);
    return c.json({ ...record, key }, 201);
  });

  app.openapi(routes.list, (c) => c.json({ items: apiKeys.list() }, 200));

  app.openapi(routes.revoke, (c) => {
    const { id } = c.req.valid('param');
    const record = apiKeys.revoke(id);
    if (!record) throw new NotFoundError(`No API key with id ${id}.`);
    return c.json(record, 200);
  });

  return app;
}
