import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../../defs/errors.ts';
import type { EventBus } from '../../defs/events.ts';
import type { ApiKeyStore, StreamStore } from '../../defs/ports.ts';
import { apiKeyAuth, type Caller, callerFor } from '../http/api-key-auth.ts';
import { requireJsonBody } from '../http/require-json.ts';
import { apiKeysApi } from './api-keys-api.ts';
import { type AssetsApiOptions, assetsApi } from './assets-api.ts';
import { type DestinationsApiOptions, destinationPresetsApi, destinationsApi } from './destinations-api.ts';
import { type EventsSocketOptions, eventsSocket } from './events-socket.ts';
import { referencePage } from './reference-page.ts';
import type { UrlSettings } from './stream-urls.ts';
import { type StreamsApiOptions, streamsApi } from './streams-api.ts';
import { whoamiApi } from './whoami-api.ts';

export interface ApiAppOptions {
  streams: StreamStore;
  apiKeys: ApiKeyStore;
  events: Pick<EventBus, 'emit'>;
  urls: UrlSettings;
  environmentAdminKey: string;
  bodyLimitBytes: number;
  streamDefaults: { partTargetSeconds: number; segmentTargetSeconds: number };
  streamStatus: StreamsApiOptions['status'];
  /** `/api/v1/events` over WebSocket (needs the server's websocket handler). */
  eventSocket?: Omit<EventsSocketOptions, 'identify'>;
  version: string;
  /** Recordings (VOD assets): `/assets` is mounted when given. */
  recordings?: Omit<AssetsApiOptions, 'urls'>;
  /** Restream destinations: `/streams/{id}/destinations` is mounted when given. */
  restream?: Omit<DestinationsApiOptions, 'streams'>;
}

export const apiBasePath = '/api/v1';

/** The operator REST API mounted at /api/v1; its OpenAPI document is generated from the route schemas. */
export function apiApp(options: ApiAppOptions) {
  const app = new OpenAPIHono<{ Variables: { caller: Caller } }>();
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Tidewater operator API',
      version: options.version,
      description: 'Manage streams, their keys and URLs, and the API keys that call this API.',
    },
    servers: [{ url: `${options.urls.publicBaseUrl}${apiBasePath}` }],
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  const limit = bodyLimit({
    maxSize: options.bodyLimitBytes,
    onError: () => {
      throw new PayloadTooLargeError(options.bodyLimitBytes);
    },
  });
  const auth = apiKeyAuth({ apiKeys: options.apiKeys, environmentAdminKey: options.environmentAdminKey });
  for (const path of [
    '/streams',
    '/streams/*',
    '/api-keys',
    '/api-keys/*',
    '/assets',
    '/assets/*',
    '/destination-presets',
    '/whoami',
  ]) {
    app.use(path, auth, limit, requireJsonBody());
  }

  app.route(
    '/streams',
    streamsApi({
      streams: options.streams,
      events: options.events,
      urls: options.urls,
      defaults: options.streamDefaults,
      status: options.streamStatus,
    }),
  );
  if (options.restream) {
    app.route('/streams', destinationsApi({ ...options.restream, streams: options.streams }));
    app.route('/destination-presets', destinationPresetsApi());
  }
  app.route('/api-keys', apiKeysApi({ apiKeys: options.apiKeys }));
  app.route('/whoami', whoamiApi());
  if (options.eventSocket)
    app.route(
      '/events',
      eventsSocket({
        ...options.eventSocket,
        identify: callerFor({ apiKeys: options.apiKeys, environmentAdminKey: options.environmentAdminKey }),
      }),
    );
  if (options.recordings) app.route('/assets', assetsApi({ ...options.recordings, urls: options.urls }));

  app.doc31('/openapi.json', documentConfig);
  // Build the page lazily once: the document only changes with the code.
  let page: string | undefined;
  app.get('/reference', (c) => {
    page ??= referencePage(app.getOpenAPI31Document(documentConfig) as never, apiBasePath);
    return c.html(page);
  });
  return app;
}
