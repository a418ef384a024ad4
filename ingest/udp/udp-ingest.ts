import type { udp } from 'bun';
import type { IngestFeed, PublishGate } from '../../defs/ingest.ts';
import type { IngestLog } from '../publish-registry.ts';
import { isMpegTsDatagram } from './mpegts-datagram.ts';

export interface UdpIngestOptions {
  host: string;
  gate: Pick<PublishGate, 'open'>;
  log?: IngestLog;
  /** After the origin closes a sender's feed, its datagrams are ignored this long (no takeover ping-pong). */
  cooldownMs?: number;
  now?: () => number;
}

interface PortState {
  port: number;
  group: string | undefined;
  streamKey: string;
  streamName: string;
  socket: udp.Socket<'uint8array'>;
  feed?: IngestFeed;
  sender?: string;
  cooldownUntil: number;
  invalidDatagrams: number;
  foreignDatagrams: number;
  refusedAt: number;
}

/**
 * MPEG-TS over UDP, one port per stream (contribution feeds from broadcast gear). The
 * port stands for the stream's key; the first sender owns the port until it falls
 * silent, datagrams from anyone else are counted and dropped, and only whole TS
 * packets reach the packager.
 */
export class UdpIngest {
  readonly #options: UdpIngestOptions;
  readonly #ports = new Map<number, PortState>();
  readonly #now: () => number;

  constructor(options: UdpIngestOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Starts receiving a stream's feed on its port. Rejects when the port cannot be bound. */
  async bind(
    port: number,
    stream: { streamKey: string; name: string; udpMulticastGroup?: string | null },
  ): Promise<void> {
    const group = stream.udpMulticastGroup ?? undefined;
    const existing = this.#ports.get(port);
    if (existing && existing.group === group) {
      existing.streamKey = stream.streamKey;
      existing.streamName = stream.name;
      return;
    }
    if (existing) this.unbind(port); // the group changed: a fresh socket joins the new one
    // A multicast feed arrives addressed to the group: bind the wildcard address and join
    // the group on the configured interface (the listen host, unless that is the wildcard).
    const host = this.#options.host;
    const socket = await Bun.udpSocket({
      hostname: group ? '0.0.0.0' : host,
      port,
      binaryType: 'uint8array',
      socket: {
        data: (_socket, datagram, senderPort, senderAddress) =>
          this.#onDatagram(port, datagram, `${senderAddress}:${senderPort}`),
      },
    });
    if (group && !socket.addMembership(group, host === '0.0.0.0' ? undefined : host)) {
      socket.close();
      throw new Error(`cannot join multicast group ${group} on ${host}`);
    }
    this.#ports.set(port, {
      port,
      group,
      streamKey: stream.streamKey,
      streamName: stream.name,
      socket,
      cooldownUntil: 0,
      invalidDatagrams: 0,
      foreignDatagrams: 0,
      refusedAt: 0,
    });
  }

  unbind(port: number): void {
    const state = this.#ports.get(port);
    if (!state) return;
    this.#ports.delete(port);
    state.feed?.end('udp port closed');
    state.socket.close();
  }

  boundPorts(): number[] {
    return [...this.#ports.keys()];
  }

  /** Datagrams dropped on a port: not MPEG-TS, or from a second sender. */
  dropped(port: number): { invalid: number; foreign: number } | undefined {
    const state = this.#ports.get(port);
    return state && { invalid: state.invalidDatagrams, foreign: state.foreignDatagrams };
  }

  close(): void {
    for (const port of [...this.#ports.keys()]) this.unbind(port);
  }

  #onDatagram(port: number, datagram: Uint8Array, sender: string): void {
    const state = this.#ports.get(port);
    if (!state) return;
    if (!isMpegTsDatagram(datagram)) {
      if (state.invalidDatagrams++ % 1000 === 0)
        this.#options.log?.('warn', 'udp ingest: dropped datagrams that are not MPEG-TS', {
          stream: state.streamName,
          port,
          sender,
          bytes: datagram.length,
          droppedSoFar: state.invalidDatagrams,
        });
      return;
    }
    if (state.feed && state.sender !== sender) {
      state.foreignDatagrams++;
      return;
    }
    if (!state.feed && !this.#openFeed(state, sender)) return;
    if (!state.feed?.write(datagram)) this.#dropSender(state, 'the packager takes no more data');
  }

  #openFeed(state: PortState, sender: string): boolean {
    const now = this.#now();
    if (now < state.cooldownUntil) return false;
    const opened = this.#options.gate.open({
      protocol: 'udp',
      streamKey: state.streamKey,
      remoteAddress: sender,
      container: 'mpegts',
    });
    if (!opened.ok) {
      // The gate logged why; retry at most once a second rather than per datagram.
      state.cooldownUntil = now + 1000;
      return false;
    }
    state.feed = opened.feed;
    state.sender = sender;
    opened.feed.onClose((reason) => {
      if (state.feed !== opened.feed) return;
      state.feed = undefined;
      state.sender = undefined;
      // Closed for silence: a sender coming back may resume at once; otherwise hold off.
      if (!reason.startsWith('no data'))
        state.cooldownUntil = this.#now() + (this.#options.cooldownMs ?? 5000);
    });
    return true;
  }

  #dropSender(state: PortState, reason: string): void {
    const feed = state.feed;
    state.feed = undefined;
    state.sender = undefined;
    state.cooldownUntil = this.#now() + (this.#options.cooldownMs ?? 5000);
    feed?.end(reason);
  }
}
