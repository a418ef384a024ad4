/**
 * The origin's event socket for the console: connects with the key as `access_token`
 * (browsers cannot set headers on a WebSocket), reconnects with backoff when it drops,
 * and hands on only messages that parse as known events.
 */
import { type ConsoleEvent, parseConsoleEvent } from './console-events.ts';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface EventSocketOptions {
  key: string;
  onEvent: (event: ConsoleEvent) => void;
  onState: (state: SocketState) => void;
  /** Default: this page's origin. */
  url?: string;
}

export class EventSocket {
  private socket: WebSocket | undefined;
  private retryMs = 1000;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: EventSocketOptions) {}

  start(): void {
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, 'console closed');
  }

  private connect(): void {
    if (this.closed) return;
    const base = this.options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    const socket = new WebSocket(
      `${base}/api/v1/events?access_token=${encodeURIComponent(this.options.key)}`,
    );
    this.socket = socket;
    this.options.onState('connecting');
    socket.addEventListener('open', () => {
      this.retryMs = 1000;
      this.options.onState('open');
    });
    socket.addEventListener('message', (message) => {
      const event = typeof message.data === 'string' ? parseConsoleEvent(message.data) : undefined;
      if (event) this.options.onEvent(event);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket || this.closed) return;
      this.options.onState('closed');
      // Back off up to 15 s: an origin restart or a network blip, not a reason to hammer it.
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    });
  }
}
