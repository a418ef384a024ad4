import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  type DestinationProtocol,
  type DestinationRecord,
  type DestinationStatusView,
  destinationProtocols,
} from '../../defs/destination.ts';
import { NotFoundError, ValidationError } from '../../defs/errors.ts';
import type { DestinationStore, StreamStore } from '../../defs/ports.ts';
import { parseDestinationUrl, restreamArgs } from '../../ffmpeg/restream-args.ts';
import { destinationPresets, destinationUrl } from '../../restream/destination-presets.ts';
import { SecretMasker } from '../../restream/secret-masker.ts';
import type { Caller } from '../http/api-key-auth.ts';
import type { RestreamHub } from '../restream/restream-hub.ts';
import {
  createDestinationBody,
  destinationList,
  destinationLogView,
  destinationParams,
  destinationPresetList,
  destinationView,
  updateDestinationBody,
} from './destination-schemas.ts';
import { jsonBody, jsonResponse } from './json-content.ts';
import { problemResponses } from './problem-responses.ts';
import { streamIdParam } from './stream-schemas.ts';
import { throwOnInvalid } from './validation-hook.ts';

export interface DestinationsApiOptions {
  streams: Pick<StreamStore, 'get'>;
  destinations: DestinationStore;
  restream: RestreamHub;
}

/** More would be a configuration mistake (or abuse): each one is an FFmpeg process. */
export const MAX_DESTINATIONS_PER_STREAM = 20;

const tags = ['restream'];
const security = [{ bearer: [] }];
const one = { params: destinationParams };

const routes = {
  list: createRoute({
    method: 'get',
    path: '/{id}/destinations',
    tags,
    security,
    summary: "A stream's restream destinations with their live state",
    request: { params: streamIdParam },
    responses: { 200: jsonResponse(destinationList, 'The destinations'), ...problemResponses(400, 401, 404) },
  }),
  create: createRoute({
    method: 'post',
    path: '/{id}/destinations',
    tags,
    security,
    summary: 'Add a destination; it starts at once when the stream is live and enabled',
    request: { params: streamIdParam, body: jsonBody(createDestinationBody) },
    responses: {
      201: jsonResponse(destinationView, 'The new destination (URL masked)'),
      ...problemResponses(400, 401, 403, 404, 413, 415),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}/destinations/{destinationId}',
    tags,
    security,
    summary: 'A destination: state, last error, uptime, reconnects, bytes and bitrate out',
    request: one,
    responses: { 200: jsonResponse(destinationView, 'The destination'), ...problemResponses(400, 401, 404) },
  }),
  update: createRoute({
    method: 'patch',
    path: '/{id}/destinations/{destinationId}',
    tags,
    security,
    summary: 'Change a destination; a running one restarts with the new settings',
    request: { ...one, body: jsonBody(updateDestinationBody) },
    responses: {
      200: jsonResponse(destinationView, 'The destination'),
      ...problemResponses(400, 401, 403, 404, 413, 415),
    },
  }),
  delete: createRoute({
    method: 'delete',
    path: '/{id}/destinations/{destinationId}',
    tags,
    security,
    summary: 'Remove a destination (its FFmpeg stops)',
    request: one,
    responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 404) },
  }),
  start: createRoute({
    method: 'post',
    path: '/{id}/destinations/{destinationId}/start',
    tags,
    security,
    summary: 'Start pushing now (the stream must be live)',
    request: one,
    responses: {
      200: jsonResponse(destinationView, 'The destination'),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  stop: createRoute({
    method: 'post',
    path: '/{id}/destinations/{destinationId}/stop',
    tags,
    security,
    summary: 'Stop pushing until started again or until the stream next goes live',
    request: one,
    responses: {
      200: jsonResponse(destinationView, 'The destination'),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  log: createRoute({
    method: 'get',
    path: '/{id}/destinations/{destinationId}/log',
    tags,
    security,
    summary: "A destination's recent events and FFmpeg's last lines (masked)",
    request: one,
    responses: { 200: jsonResponse(destinationLogView, 'The log'), ...problemResponses(400, 401, 404) },
  }),
};

/** `/api/v1/streams/{id}/destinations`: where each stream is restreamed to. */
export function destinationsApi(options: DestinationsApiOptions) {
  const { streams, destinations, restream } = options;
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>({ defaultHook: throwOnInvalid });

  const streamMustExist = (id: string) => {
    if (!streams.get(id)) throw new NotFoundError(`No stream with id ${id}.`);
  };
  const mustExist = (streamId: string, destinationId: string): DestinationRecord => {
    streamMustExist(streamId);
    const record = destinations.get(destinationId);
    if (!record || record.streamId !== streamId)
      throw new NotFoundError(`Stream ${streamId} has no destination ${destinationId}.`);
    return record;
  };
  const view = (record: DestinationRecord) => {
    const running = restream.destination(record)?.status();
    const { url: _secret, ...shown } = record;
    return {
      ...shown,
      url: running?.url ?? maskedUrl(record.url),
      protocol: running?.protocol ?? protocolOf(record.url),
      status: {
        state: running?.state ?? ('idle' as const),
        since: running?.since ?? record.updatedAt,
        reason: running?.reason ?? 'not started',
        lastError: running?.lastError ?? null,
        lastErrorAt: running?.lastErrorAt ?? null,
        uptimeMs: running?.uptimeMs ?? 0,
        reconnects: running?.reconnects ?? 0,
        bytesIn: running?.bytesIn ?? 0,
        bytesOut: running ? running.bytesOut : 0,
        bitrateKbps: running ? running.bitrateKbps : 0,
        droppedBytes: running?.droppedBytes ?? 0,
        pendingBytes: running?.pendingBytes ?? 0,
      } satisfies DestinationStatusView,
    };
  };

  app.openapi(routes.list, (c) => {
    const { id } = c.req.valid('param');
    streamMustExist(id);
    return c.json({ items: destinations.listByStream(id).map(view) }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    streamMustExist(id);
    if (destinations.listByStream(id).length >= MAX_DESTINATIONS_PER_STREAM)
      throw new ValidationError(`A stream may have at most ${MAX_DESTINATIONS_PER_STREAM} destinations.`);
    const url = targetUrl(input) as string;
    const encode = input.encode ?? null;
    checkDestination(url, encode);
    const record = destinations.create({
      streamId: id,
      name: input.name,
      url,
      enabled: input.enabled,
      encode,
      maxAttempts: input.maxAttempts,
    });
    await restream.sync(id);
    c.header('location', `/api/v1/streams/${id}/destinations/${record.id}`);
    return c.json(view(record), 201);
  });

  app.openapi(routes.get, (c) => {
    const { id, destinationId } = c.req.valid('param');
    return c.json(view(mustExist(id, destinationId)), 200);
  });

  app.openapi(routes.update, async (c) => {
    const { id, destinationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const current = mustExist(id, destinationId);
    const url = targetUrl(input) ?? current.url;
    const encode = input.encode === undefined ? current.encode : input.encode;
    checkDestination(url, encode);
    const record = destinations.update(destinationId, {
      name: input.name,
      url,
      enabled: input.enabled,
      encode,
      maxAttempts: input.maxAttempts,
    }) as DestinationRecord;
    await restream.sync(id);
    return c.json(view(record), 200);
  });

  app.openapi(routes.delete, async (c) => {
    const { id, destinationId } = c.req.valid('param');
    mustExist(id, destinationId);
    destinations.delete(destinationId);
    await restream.sync(id);
    return c.body(null, 204);
  });

  app.openapi(routes.start, (c) => {
    const { id, destinationId } = c.req.valid('param');
    const record = mustExist(id, destinationId);
    restream.start(record);
    return c.json(view(record), 200);
  });

  app.openapi(routes.stop, async (c) => {
    const { id, destinationId } = c.req.valid('param');
    const record = mustExist(id, destinationId);
    await restream.stop(record);
    return c.json(view(record), 200);
  });

  app.openapi(routes.log, (c) => {
    const { id, destinationId } = c.req.valid('param');
    const running = restream.destination(mustExist(id, destinationId));
    return c.json({ entries: running?.recentLog() ?? [], ffmpeg: running?.ffmpegStderr() ?? [] }, 200);
  });

  return app;
}

const presetsRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  security,
  summary: 'Services a destination can name instead of a URL (preset + streamKey)',
  responses: { 200: jsonResponse(destinationPresetList, 'The presets'), ...problemResponses(401) },
});

/** `/api/v1/destination-presets`: YouTube, Twitch... for forms that ask only for a key. */
export function destinationPresetsApi() {
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>({ defaultHook: throwOnInvalid });
  const items = Object.entries(destinationPresets).map(([id, preset]) => ({ id, ...preset }));
  app.openapi(presetsRoute, (c) => c.json({ items }, 200));
  return app;
}

/** The URL a body names (a URL, or a preset with its key); undefined when it names none. */
function targetUrl(input: { url?: string; preset?: string; streamKey?: string }): string | undefined {
  if (input.url !== undefined) return input.url;
  if (input.preset !== undefined) return destinationUrl(input.preset, input.streamKey ?? '');
  return undefined;
}

/** The same checks a destination's FFmpeg argv gets: refused here, before anything is stored. */
function checkDestination(url: string, encode: DestinationRecord['encode']): void {
  restreamArgs({ url, encode: encode ?? undefined });
}

/** Stored URLs passed the checks when stored; a rule tightened since must not break listing. */
function protocolOf(url: string): DestinationProtocol {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  return destinationProtocols.find((p) => p === scheme) ?? 'rtmp';
}

function maskedUrl(url: string): string {
  try {
    return new SecretMasker(url, parseDestinationUrl(url).secrets).maskedUrl;
  } catch {
    return '****';
  }
}
