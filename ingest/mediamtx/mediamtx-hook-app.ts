import { Hono } from 'hono';
import { UnauthorizedError, ValidationError } from '../../defs/errors.ts';
import type { PublishGate } from '../../defs/ingest.ts';
import type { LogPort } from '../../defs/log.ts';
import { decideMediamtxAuth } from './auth-hook.ts';
import { readHookBody } from './hook-json-body.ts';
import { hookProblemResponse } from './hook-problem-response.ts';
import { requireHookSecret } from './hook-secret.ts';
import { mediamtxAuthRequest } from './mediamtx-auth-request.ts';
import { type MediamtxPathEvent, mediamtxPathEventBody } from './path-event-body.ts';
import { checkPathPrefix, defaultPathPrefix, maskedPath, streamKeyFromPath } from './stream-key-path.ts';
import { loopbackReaders, TrustedReaders } from './trusted-readers.ts';

export type MediamtxHookLog = LogPort;

export interface MediamtxHookOptions {
  gate: Pick<PublishGate, 'authorize'>;
  /** runOnReady: a publisher is live in MediaMTX; the origin starts pulling `rtsp://mediamtx:8554/<path>`. Called again on a retried hook: be idempotent. */
  onPathReady(path: string, event: MediamtxPathEvent): void | Promise<void>;
  /** runOnNotReady: the publisher left; the origin stops pulling. */
  onPathNotReady(path: string, event: MediamtxPathEvent): void | Promise<void>;
  /** Required in the `x-tidewater-hook-secret` header of /ready and /not-ready when set. */
  sharedSecret?: string;
  /** IPs/CIDRs that may read from MediaMTX or call its API (the origin). Default: loopback. */
  trustedReaders?: readonly string[];
  /** A password the origin may present instead (`rtsp://tidewater:<password>@mediamtx:8554/...`). */
  readerPassword?: string;
  /** Publishers use `<pathPrefix>/<stream key>`. Default `live`. */
  pathPrefix?: string;
  log?: MediamtxHookLog;
}

/** Routes relative to where the origin mounts the app (`/ingest/mediamtx`); mediamtx.yml points at them. */
export const mediamtxHookRoutes = { auth: '/auth', ready: '/ready', notReady: '/not-ready' } as const;

/**
 * MediaMTX in front of the origin: MediaMTX terminates RTMP/SRT/RTSP publishers and asks
 * the origin, over HTTP, who may publish (authMethod: http) and when a path is ready or
 * gone (runOnReady / runOnNotReady). The origin then pulls the path over RTSP.
 */
export function mediamtxHookApp(options: MediamtxHookOptions): Hono {
  const prefix = checkPathPrefix(options.pathPrefix ?? defaultPathPrefix);
  const trustedReaders = new TrustedReaders(options.trustedReaders ?? loopbackReaders);
  const log: MediamtxHookLog = options.log ?? (() => {});
  const app = new Hono();

  app.onError((error, c) => {
    const response = hookProblemResponse(error, c);
    if (response.status >= 500)
      log('error', 'mediamtx hook failed', { route: new URL(c.req.url).pathname, error: String(error) });
    return response;
  });

  // MediaMTX treats any status other than 2xx as "denied"; 401 is what it documents.
  app.post(mediamtxHookRoutes.auth, async (c) => {
    const request = await readHookBody(c, mediamtxAuthRequest);
    const decision = decideMediamtxAuth(request, {
      gate: options.gate,
      pathPrefix: prefix,
      trustedReaders,
      readerPassword: options.readerPassword,
    });
    const fields = {
      action: request.action,
      protocol: request.protocol,
      path: maskedPath(request.path, prefix),
      ip: request.ip,
      reason: decision.reason,
    };
    if (!decision.allow) {
      log('warn', 'mediamtx auth refused', fields);
      throw new UnauthorizedError(`Refused ${request.action}: ${decision.reason}.`);
    }
    if (request.action === 'publish') log('info', 'mediamtx publish allowed', fields);
    return c.body(null, 200);
  });

  const secret = requireHookSecret(options.sharedSecret);
  const pathEvent = (route: string, callback: MediamtxHookOptions['onPathReady'], what: string) =>
    app.post(route, secret, async (c) => {
      const body = await readHookBody(c, mediamtxPathEventBody);
      const streamKey = streamKeyFromPath(body.path, prefix);
      if (streamKey === undefined)
        throw new ValidationError(`The path is not ${prefix}/<stream key>.`, [
          { path: 'body.path', message: `expected ${prefix}/<stream key>` },
        ]);
      log('info', what, { path: maskedPath(body.path, prefix), sourceType: body.sourceType });
      await callback(body.path, { streamKey, sourceType: body.sourceType, sourceId: body.sourceId });
      return c.body(null, 204);
    });
  pathEvent(mediamtxHookRoutes.ready, options.onPathReady, 'mediamtx path ready');
  pathEvent(mediamtxHookRoutes.notReady, options.onPathNotReady, 'mediamtx path not ready');

  return app;
}
