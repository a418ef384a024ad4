import { ValidationError } from '../../defs/errors.ts';

interface ValidationResult {
  success: boolean;
  target: string;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}

/**
 * Every route's zod validation failure becomes a 400 naming each field as
 * `<where>.<path>`, e.g. `body.name` or `query.limit`.
 */
export function throwOnInvalid(result: ValidationResult): void {
  if (result.success || !result.error) return;
  const where = result.target === 'json' ? 'body' : result.target;
  const issues = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ValidationError(
    `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}
