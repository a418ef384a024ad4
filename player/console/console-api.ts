/**
 * The operator API as the console calls it: the key as a Bearer token, JSON in and out,
 * and every failure turned into an ApiError with a sentence the operator can read.
 */
import type { StreamStatus } from '../../defs/stream-status.ts';
import { type ApiError, networkError, problemMessage } from './api-error.ts';
import type {
  DestinationLogView,
  DestinationPreset,
  DestinationView,
  KeyScope,
  StreamPage,
  StreamView,
} from './api-types.ts';

export interface CreateStreamInput {
  name: string;
  record?: boolean;
  ladder?: { shortSide: number }[] | null;
  dvrWindowSeconds?: number | null;
}

export type CreateDestinationInput = { name: string } & (
  | { url: string }
  | { preset: string; streamKey: string }
);

/** The ladder the console offers when "ABR ladder" is ticked (the API caps it at the source size). */
export const defaultLadder = [{ shortSide: 720 }, { shortSide: 480 }, { shortSide: 360 }];

export class ConsoleApi {
  private readonly key: string;
  private readonly base: string;
  private readonly onUnauthorized: (error: ApiError) => void;

  /** `onUnauthorized`: the key stopped working (revoked while signed in). */
  constructor(options: { key: string; base?: string; onUnauthorized?: (error: ApiError) => void }) {
    this.key = options.key;
    this.base = options.base ?? '/api/v1';
    this.onUnauthorized = options.onUnauthorized ?? (() => {});
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.key}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw networkError(error);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const error = problemMessage(response.status, text);
      if (response.status === 401) this.onUnauthorized(error);
      throw error;
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Checks the key and finds its scope (admin, or read: no write buttons). */
  async scope(): Promise<KeyScope> {
    const caller = await this.call<{ scope: KeyScope }>('GET', '/whoami');
    return caller.scope;
  }

  listStreams(nameContains = '', limit = 200): Promise<StreamPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (nameContains) query.set('name', nameContains);
    return this.call('GET', `/streams?${query}`);
  }

  stream(id: string): Promise<StreamView> {
    return this.call('GET', `/streams/${encodeURIComponent(id)}`);
  }

  status(id: string): Promise<StreamStatus> {
    return this.call('GET', `/streams/${encodeURIComponent(id)}/status`);
  }

  createStream(input: CreateStreamInput): Promise<StreamView> {
    return this.call('POST', '/streams', input);
  }

  streamAction(id: string, action: 'rotate-key' | 'enable' | 'disable'): Promise<StreamView> {
    return this.call('POST', `/streams/${encodeURIComponent(id)}/${action}`);
  }

  deleteStream(id: string): Promise<void> {
    return this.call('DELETE', `/streams/${encodeURIComponent(id)}`);
  }

  async destinations(streamId: string): Promise<DestinationView[]> {
    const list = await this.call<{ items: DestinationView[] }>(
      'GET',
      `/streams/${encodeURIComponent(streamId)}/destinations`,
    );
    return list.items;
  }

  async presets(): Promise<DestinationPreset[]> {
    return (await this.call<{ items: DestinationPreset[] }>('GET', '/destination-presets')).items;
  }

  createDestination(streamId: string, input: CreateDestinationInput): Promise<DestinationView> {
    return this.call('POST', `/streams/${encodeURIComponent(streamId)}/destinations`, input);
  }

  private destinationPath(d: Pick<DestinationView, 'streamId' | 'id'>): string {
    return `/streams/${encodeURIComponent(d.streamId)}/destinations/${encodeURIComponent(d.id)}`;
  }

  destinationAction(d: DestinationView, action: 'start' | 'stop'): Promise<DestinationView> {
    return this.call('POST', `${this.destinationPath(d)}/${action}`);
  }

  setDestinationEnabled(d: DestinationView, enabled: boolean): Promise<DestinationView> {
    return this.call('PATCH', this.destinationPath(d), { enabled });
  }

  deleteDestination(d: DestinationView): Promise<void> {
    return this.call('DELETE', this.destinationPath(d));
  }

  destinationLog(d: DestinationView): Promise<DestinationLogView> {
    return this.call('GET', `${this.destinationPath(d)}/log`);
  }
}
