import type { Context } from 'hono';
import type { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from '../../defs/errors.ts';

/** MediaMTX's bodies are a few hundred bytes; a JWT in `token` stays well under this. */
export const hookBodyLimitBytes = 64 * 1024;

/**
 * Reads and validates a hook's JSON body. The content type is not required: what matters
 * is that the bytes parse and match the schema. Every failure is a 400 (or 413) that names
 * the field, never a crash.
 */
export async function readHookBody<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > hookBodyLimitBytes) throw new PayloadTooLargeError(hookBodyLimitBytes);
  const text = await c.req.text();
  if (text.length > hookBodyLimitBytes) throw new PayloadTooLargeError(hookBodyLimitBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not JSON.', [{ path: 'body', message: 'expected a JSON object' }]);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ValidationError(
    `Invalid body: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}
