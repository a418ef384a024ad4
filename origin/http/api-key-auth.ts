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
export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<{ Variables: { caller: Caller } }> {
  const envKeyDigest = options.environmentAdminKey ? sha256(options.environmentAdminKey) : undefined;
  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError();
    const presented = match[1] as string;
    let caller: Caller | undefined;
    if (envKeyDigest && digestsEqual(sha256(presented), envKeyDigest)) {
      caller = { keyId: 'environment', scope: 'admin' };
    } else {
      const record = options.apiKeys.verify(presented);
      if (record) caller = { keyId: record.id, scope: record.scope };
    }
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
