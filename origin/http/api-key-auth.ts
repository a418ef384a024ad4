import type { MiddlewareHandler } from 'hono';
import type { ApiKeyScope } from '../../defs/api-key.ts';
import { ForbiddenError, UnauthorizedError } from '../../defs/errors.ts';
import type { ApiKeyStore } from '../../defs/ports.ts';
import { digestsEqual, sha256 } from '../../state/secret-token.ts';

export type ApiKeysForAuth = Pick<ApiKeyStore, 'verify'>;

export interface Caller {
  keyId: string;
  scope: ApiKeyScope;
}

export interface ApiKeyAuthOptions {
  apiKeys: ApiKeysForAuth;
  /** Admin key from the environment, if any (never stored). */
  environmentAdminKey: string;
}

/**
 * Bearer API keys. `read` keys may only read (GET/HEAD); everything else needs `admin`.
 * The caller is put on the context for handlers that show less to read-only keys.
 */
/** Who a presented key belongs to, or undefined when it is unknown or revoked (constant time). */
export function callerFor(options: ApiKeyAuthOptions): (presented: string) => Caller | undefined {
  const envKeyDigest = options.environmentAdminKey ? sha256(options.environmentAdminKey) : undefined;
  return (presented) => {
    if (envKeyDigest && digestsEqual(sha256(presented), envKeyDigest))
      return { keyId: 'environment', scope: 'admin' };
    const record = options.apiKeys.verify(presented);
    return record ? { keyId: record.id, scope: record.scope } : undefined;
  };
}

/** The key of `Authorization: Bearer <key>`, if the header is there and well formed. */
export function bearerKey(header: string | undefined): string | undefined {
  return (header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null)?.[1];
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<{ Variables: { caller: Caller } }> {
  const identify = callerFor(options);
  return async function authenticate(c, next) {
    const presented = bearerKey(c.req.header('authorization'));
    if (!presented) throw new UnauthorizedError();
    const caller = identify(presented);
    if (!caller) throw new UnauthorizedError('The API key is unknown or revoked.');
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!reading && caller.scope !== 'admin') {
      throw new ForbiddenError(
        `This API key has the "${caller.scope}" scope; ${c.req.method} needs "admin".`,
      );
    }
    c.set('caller', caller);
    await next();
  };
}
