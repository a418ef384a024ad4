import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../defs/errors.ts';
import type { EventBus } from '../../defs/events.ts';
import type { StreamStore } from '../../defs/ports.ts';
import type { StreamRecord } from '../../defs/stream.ts';
import { maskSecret } from '../../state/secret-token.ts';
import type { Caller } from '../http/api-key-auth.ts';
import type { StreamStatus } from '../ingest/stream-status.ts';
import { jsonBody, jsonResponse } from './json-content.ts';
import { problemResponses } from './problem-responses.ts';
import {
  createStreamBody,
  listStreamsQuery,
  streamIdParam,
  streamPage,
  streamStatusView,
  streamView,
  updateStreamBody,
} from './stream-schemas.ts';
import { streamUrls, type UrlSettings } from './stream-urls.ts';
import { throwOnInvalid } from './validation-hook.ts';

export interface StreamsApiOptions {
  streams: StreamStore;
  events: Pick<EventBus, 'emit'>;
  urls: UrlSettings;
  defaults: { partTargetSeconds: number; segmentTargetSeconds: number };
  /** Live ingest and media status of a stream. */
  status: (stream: StreamRecord) => StreamStatus;
}

const tags = ['streams'];
const security = [{ bearer: [] }];

const routes = {
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    security,
    summary: 'Create a stream',
    request: { body: jsonBody(createStreamBody) },
    responses: {
      201: jsonResponse(streamView, 'The new stream with its key and URLs'),
      ...problemResponses(400, 401, 403, 409, 413, 415),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    security,
    summary: 'List streams',
    request: { query: listStreamsQuery },
    responses: { 200: jsonResponse(streamPage, 'A page of streams'), ...problemResponses(400, 401) },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    security,
    summary: 'Get a stream',
    request: { params: streamIdParam },
    responses: { 200: jsonResponse(streamView, 'The stream'), ...problemResponses(400, 401, 404) },
  }),
  update: createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    security,
    summary: 'Change a stream (name, enabled, targets)',
    request: { params: streamIdParam, body: jsonBody(updateStreamBody) },
    responses: {
      200: jsonResponse(streamView, 'The updated stream'),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  delete: createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    security,
    summary: 'Delete a stream',
    request: { params: streamIdParam },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404) },
  }),
  status: createRoute({
    method: 'get',
    path: '/{id}/status',
    tags,
    security,
    summary: 'Live status: the publisher (protocol, address, bitrate, SRT statistics) and the media',
    request: { params: streamIdParam },
    responses: {
      200: jsonResponse(streamStatusView, 'Ingest and media status'),
      ...problemResponses(400, 401, 404),
    },
  }),
  rotateKey: createRoute({
    method: 'post',
    path: '/{id}/rotate-key',
    tags,
    security,
    summary: 'Replace the stream key (the old one stops working)',
    request: { params: streamIdParam },
    responses: {
      200: jsonResponse(streamView, 'The stream with its new key'),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  enable: createRoute({
    method: 'post',
    path: '/{id}/enable',
    tags,
    security,
    summary: 'Allow publishing',
    request: { params: streamIdParam },
    responses: { 200: jsonResponse(streamView, 'The stream'), ...problemResponses(400, 401, 403, 404) },
  }),
  disable: createRoute({
    method: 'post',
    path: '/{id}/disable',
    tags,
    security,
    summary: 'Refuse publishing',
    request: { params: streamIdParam },
    responses: { 200: jsonResponse(streamView, 'The stream'), ...problemResponses(400, 401, 403, 404) },
  }),
};

/** `/api/v1/streams`: the operator's streams, their keys and URLs. */
export function streamsApi(options: StreamsApiOptions) {
  const { streams, events, urls, defaults } = options;
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>({ defaultHook: throwOnInvalid });

  const view = (stream: StreamRecord, caller: Caller) => {
    const reveal = caller.scope === 'admin';
    const { ingest, playback } = streamUrls(stream, urls, reveal);
    return {
      ...stream,
      streamKey: reveal ? stream.streamKey : ingest.obs.streamKey,
      srtPassphrase:
        stream.srtPassphrase && !reveal ? maskSecret(stream.srtPassphrase) : stream.srtPassphrase,
      ingest,
      playback,
    };
  };
  const mustExist = (stream: StreamRecord | undefined, id: string): StreamRecord => {
    if (!stream) throw new NotFoundError(`No stream with id ${id}.`);
    return stream;
  };

  app.openapi(routes.create, (c) => {
    const input = c.req.valid('json');
    const stream = streams.create({
      name: input.name,
      enabled: input.enabled ?? true,
      partTargetSeconds: input.partTargetSeconds ?? defaults.partTargetSeconds,
      segmentTargetSeconds: input.segmentTargetSeconds ?? defaults.segmentTargetSeconds,
      publisherPolicy: input.publisherPolicy,
      srtPassphrase: input.srtPassphrase,
      srtLatencyMs: input.srtLatencyMs,
      sourceUrl: input.sourceUrl,
      udpMulticastGroup: input.udpMulticastGroup,
      ladder: input.ladder,
      dvrWindowSeconds: input.dvrWindowSeconds,
      record: input.record,
    });
    events.emit('stream.created', { streamId: stream.id, name: stream.name });
    c.header('location', `${urls.publicBaseUrl}/api/v1/streams/${stream.id}`);
    return c.json(view(stream, c.get('caller')), 201);
  });

  app.openapi(routes.list, (c) => {
    const query = c.req.valid('query');
    const page = streams.list({
      limit: query.limit,
      offset: query.offset,
      enabled: query.enabled,
      nameContains: query.name,
    });
    return c.json({ ...page, items: page.items.map((s) => view(s, c.get('caller'))) }, 200);
  });

  app.openapi(routes.get, (c) => {
    const { id } = c.req.valid('param');
    return c.json(view(mustExist(streams.get(id), id), c.get('caller')), 200);
  });

  app.openapi(routes.status, (c) => {
    const { id } = c.req.valid('param');
    return c.json(options.status(mustExist(streams.get(id), id)), 200);
  });

  app.openapi(routes.update, (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const current = mustExist(streams.get(id), id);
    const part = patch.partTargetSeconds ?? current.partTargetSeconds;
    const segment = patch.segmentTargetSeconds ?? current.segmentTargetSeconds;
    if (part > segment) {
      const message = `partTargetSeconds (${part}) must not exceed segmentTargetSeconds (${segment})`;
      throw new ValidationError(`Invalid request: ${message}`, [{ path: 'body.partTargetSeconds', message }]);
    }
    const stream = mustExist(streams.update(id, patch), id);
    events.emit('stream.updated', { streamId: id });
    return c.json(view(stream, c.get('caller')), 200);
  });

  app.openapi(routes.delete, (c) => {
    const { id } = c.req.valid('param');
    if (!streams.delete(id)) throw new NotFoundError(`No stream with id ${id}.`);
    events.emit('stream.deleted', { streamId: id });
    return c.body(null, 204);
  });

  app.openapi(routes.rotateKey, (c) => {
    const { id } = c.req.valid('param');
    const stream = mustExist(streams.rotateKey(id), id);
    events.emit('stream.updated', { streamId: id });
    return c.json(view(stream, c.get('caller')), 200);
  });

  for (const [route, enabled] of [
    [routes.enable, true],
    [routes.disable, false],
  ] as const) {
    app.openapi(route, (c) => {
      const { id } = c.req.valid('param');
      const stream = mustExist(streams.update(id, { enabled }), id);
      events.emit('stream.updated', { streamId: id });
      return c.json(view(stream, c.get('caller')), 200);
    });
  }

  return app;
}
