import type { z } from '@hono/zod-openapi';

/** OpenAPI response entry with a JSON body described by `schema`. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** OpenAPI required JSON request body described by `schema`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}
