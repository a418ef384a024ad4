import type { MiddlewareHandler } from 'hono';
import { ConfigError, UnauthorizedError } from '../../defs/errors.ts';
import { digestsEqual, sha256 } from '../../state/secret-token.ts';

/** The header MediaMTX's hook commands send (mediamtx/mediamtx.yml). */
export const hookSecretHeader = 'x-tidewater-hook-secret';

/**
 * URL-safe so it survives MediaMTX's `$VAR` expansion inside a quoted command line, and
 * long enough not to be guessed.
 */
const secretPattern = /^[A-Za-z0-9._~-]{16,256}$/;

export function checkHookSecret(secret: string): string {
  if (!secretPattern.test(secret))
    throw new ConfigError('mediamtx.hookSecret', '<hidden>', '16-256 characters of A-Z a-z 0-9 . _ ~ -');
  return secret;
}

/** Hooks that change state (a path is ready, not ready) need the shared secret when one is set. */
export function requireHookSecret(secret: string | undefined): MiddlewareHandler {
  const expected = secret === undefined ? undefined : sha256(checkHookSecret(secret));
  return async function hookSecret(c, next) {
    if (expected !== undefined) {
      const given = c.req.header(hookSecretHeader) ?? '';
      if (!digestsEqual(sha256(given), expected))
        throw new UnauthorizedError(`MediaMTX hooks must send the shared secret in ${hookSecretHeader}.`);
    }
    await next();
  };
}
