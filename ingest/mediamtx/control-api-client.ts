import type { z } from 'zod';
import { ConfigError } from '../../defs/errors.ts';
import { maskSecret } from '../../state/secret-token.ts';
import {
  type MediamtxPath,
  mediamtxErrorBody,
  mediamtxPathList,
  mediamtxPath as pathSchema,
} from './control-api-schemas.ts';

export type { MediamtxPath } from './control-api-schemas.ts';

/** Protocols whose publishers the Control API can kick, and their v3 routes (POST, OK body `{status:"ok"}`). */
export const mediamtxKickRoutes = {
  rtmp: '/v3/rtmpconns/kick/',
  rtmps: '/v3/rtmpsconns/kick/',
  srt: '/v3/srtconns/kick/',
  rtsp: '/v3/rtspsessions/kick/',
  rtsps: '/v3/rtspssessions/kick/',
  webrtc: '/v3/webrtcsessions/kick/',
} as const;

export type MediamtxKickProtocol = keyof typeof mediamtxKickRoutes;

/** Path `source.type` (and MTX_SOURCE_TYPE) to the protocol whose kick route ends it. */
const kickProtocolBySourceType: Record<string, MediamtxKickProtocol> = {
  rtmpConn: 'rtmp',
  rtmpsConn: 'rtmps',
  srtConn: 'srt',
  rtspSession: 'rtsp',
  rtspsSession: 'rtsps',
  webRTCSession: 'webrtc',
};

export function kickProtocolForSource(sourceType: string): MediamtxKickProtocol | undefined {
  return Object.hasOwn(kickProtocolBySourceType, sourceType)
    ? kickProtocolBySourceType[sourceType]
    : undefined;
}

/** A Control API call that did not give the documented answer. `status` is 0 when no HTTP answer came. */
export class MediamtxApiError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    message: string,
  ) {
    super(`MediaMTX API ${route}: ${message}`);
    this.name = 'MediamtxApiError';
  }
}

export interface MediamtxControlClientOptions {
  /** e.g. `http://mediamtx:9997` */
  baseUrl: string;
  /** Basic auth; with authMethod http MediaMTX hands these to the origin's /auth as action `api`. */
  user?: string;
  password?: string;
  /** Per request, default 5000 ms. */
  timeoutMs?: number;
  /** Page size for listPaths, default 100 (MediaMTX's default). */
  itemsPerPage?: number;
  /** Override a kick route, e.g. newer releases' `/v3/rtmp/conns/kick/`. */
  kickRoutes?: Partial<Record<MediamtxKickProtocol, string>>;
}

/** Stops a server that keeps announcing more pages from holding listPaths forever. */
const maxPages = 1000;

/** Typed client for the MediaMTX Control API v3 (bluenviron/mediamtx api/openapi.yaml). */
export class MediamtxControlClient {
  readonly #base: string;
  readonly #authorization?: string;
  readonly #timeoutMs: number;
  readonly #itemsPerPage: number;
  readonly #kickRoutes: Record<MediamtxKickProtocol, string>;

  constructor(options: MediamtxControlClientOptions) {
    if (!URL.canParse(options.baseUrl) || !/^https?:$/.test(new URL(options.baseUrl).protocol))
      throw new ConfigError(
        'mediamtx.apiUrl',
        options.baseUrl,
        'an http(s) URL such as http://mediamtx:9997',
      );
    this.#base = new URL(options.baseUrl).href.replace(/\/+$/, '');
    if (options.user !== undefined || options.password !== undefined)
      this.#authorization = `Basic ${btoa(`${options.user ?? ''}:${options.password ?? ''}`)}`;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#itemsPerPage = options.itemsPerPage ?? 100;
    if (!Number.isInteger(this.#itemsPerPage) || this.#itemsPerPage < 1)
      throw new ConfigError('mediamtx.itemsPerPage', this.#itemsPerPage, 'a whole number of at least 1');
    this.#kickRoutes = { ...mediamtxKickRoutes, ...options.kickRoutes };
  }

  /** Every path, following the pages; a path that moves between pages while we read is listed once. */
  async listPaths(signal?: AbortSignal): Promise<MediamtxPath[]> {
    const byName = new Map<string, MediamtxPath>();
    for (let page = 0, pageCount = 1; page < pageCount && page < maxPages; page++) {
      const route = `/v3/paths/list?itemsPerPage=${this.#itemsPerPage}&page=${page}`;
      const list = await this.#request('GET', route, mediamtxPathList, { signal });
      for (const path of list.items) byName.set(path.name, path);
      pageCount = list.pageCount;
    }
    return [...byName.values()];
  }

  /**
   * One path; a path nobody publishes or reads is a MediamtxApiError with status 404.
   * Path names carry stream keys, so errors show the name masked.
   */
  async getPath(name: string, signal?: AbortSignal): Promise<MediamtxPath> {
    return this.#request('GET', `/v3/paths/get/${encodePathName(name)}`, pathSchema, {
      signal,
      secret: name,
    });
  }

  /** Disconnects one publisher or reader; 404 when it is already gone. */
  async kick(protocol: MediamtxKickProtocol, connectionId: string, signal?: AbortSignal): Promise<void> {
    const prefix = this.#kickRoutes[protocol];
    if (prefix === undefined) throw new MediamtxApiError(`kick ${protocol}`, 0, 'unknown protocol');
    if (!/^[A-Za-z0-9-]{1,64}$/.test(connectionId))
      throw new MediamtxApiError(`kick ${protocol}`, 0, 'connection id must be a UUID');
    await this.#request('POST', `${prefix}${connectionId}`, undefined, { signal });
  }

  /** Kicks whoever publishes `name`. False when the path has no source the API can kick. */
  async kickPublisher(name: string, signal?: AbortSignal): Promise<boolean> {
    const path = await this.getPath(name, signal);
    const protocol = path.source ? kickProtocolForSource(path.source.type) : undefined;
    if (!path.source || !protocol) return false;
    await this.kick(protocol, path.source.id, signal);
    return true;
  }

  async #request<Schema extends z.ZodType | undefined>(
    method: 'GET' | 'POST',
    route: string,
    schema: Schema,
    context: { signal?: AbortSignal; secret?: string },
  ): Promise<Schema extends z.ZodType ? z.output<Schema> : undefined> {
    type Result = Schema extends z.ZodType ? z.output<Schema> : undefined;
    const { signal, secret } = context;
    const redact = (text: string) =>
      secret
        ? text.replaceAll(encodePathName(secret), maskedName(secret)).replaceAll(secret, maskedName(secret))
        : text;
    const label = redact(`${method} ${route.split('?')[0]}`);
    const fail = (status: number, message: string) => new MediamtxApiError(label, status, redact(message));
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#authorization) headers.authorization = this.#authorization;
    let text: string;
    let status: number;
    try {
      const response = await fetch(`${this.#base}${route}`, {
        method,
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (timeout.aborted) throw fail(0, `no answer within ${this.#timeoutMs} ms`);
      throw fail(0, `request failed: ${(error as Error).message}`);
    }
    if (status < 200 || status > 299) throw fail(status, `HTTP ${status}${errorDetail(text)}`);
    if (schema === undefined) return undefined as Result;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail(status, `answer is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw fail(status, `unexpected answer: ${issues.join('; ')}`);
    }
    return parsed.data as Result;
  }
}

/** Path names hold slashes (`live/<key>`); the API reads them as a wildcard, so only segments are escaped. */
function encodePathName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** `live/<key>` -> `live/sk_a****xy`: the last segment is the key by our convention. */
function maskedName(name: string): string {
  const cut = name.lastIndexOf('/');
  return `${name.slice(0, cut + 1)}${maskSecret(name.slice(cut + 1))}`;
}

function errorDetail(text: string): string {
  try {
    const body = mediamtxErrorBody.safeParse(JSON.parse(text));
    if (body.success) return `: ${body.data.error.slice(0, 200)}`;
  } catch {}
  return '';
}
