import { isIPv4, isIPv6 } from 'node:net';

/**
 * struct sockaddr_in / sockaddr_in6 (Linux) for libsrt's bind, connect, accept:
 *
 *   sockaddr_in   (16 B): family u16 (host order) | port u16 (BE) | addr[4]  | zero[8]
 *   sockaddr_in6  (28 B): family u16 (host order) | port u16 (BE) | flowinfo u32 | addr[16] | scope u32
 */
const AF_INET = 2;
const AF_INET6 = 10;
export const SOCKADDR_STORAGE_SIZE = 128;

export interface SocketAddress {
  ip: string;
  port: number;
}

/** Encodes an IP literal and port; throws for anything that is not one. */
export function encodeSockaddr(ip: string, port: number): Uint8Array {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${port}`);
  if (isIPv4(ip)) {
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    view.setUint16(0, AF_INET, true);
    view.setUint16(2, port, false);
    out.set(ip.split('.').map(Number), 4);
    return out;
  }
  if (isIPv6(ip)) {
    const out = new Uint8Array(28);
    const view = new DataView(out.buffer);
    view.setUint16(0, AF_INET6, true);
    view.setUint16(2, port, false);
    out.set(ipv6Bytes(ip), 8);
    return out;
  }
  throw new Error(`not an IP address: ${JSON.stringify(ip)}`);
}

/** Decodes what libsrt wrote into a sockaddr buffer; undefined for another family. */
export function decodeSockaddr(bytes: Uint8Array): SocketAddress | undefined {
  if (bytes.length < 16) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, true);
  const port = view.getUint16(2, false);
  if (family === AF_INET) return { ip: Array.from(bytes.subarray(4, 8)).join('.'), port };
  if (family === AF_INET6 && bytes.length >= 24) return { ip: ipv6Text(bytes.subarray(8, 24)), port };
  return undefined;
}

/** `ip:port`, with brackets for IPv6. */
export function formatAddress(address: SocketAddress): string {
  return address.ip.includes(':') ? `[${address.ip}]:${address.port}` : `${address.ip}:${address.port}`;
}

function ipv6Bytes(ip: string): Uint8Array {
  let text = ip;
  const tail: number[] = [];
  if (text.includes('.')) {
    // An IPv4 tail (e.g. ::ffff:127.0.0.1) is the last two groups.
    const lastColon = text.lastIndexOf(':');
    const [a = 0, b = 0, c = 0, d = 0] = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const [head = '', rest] = text.split('::');
  const front = parse(head);
  const back = [...(rest === undefined ? [] : parse(rest)), ...tail];
  const zeros = rest === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  const groups = [...front, ...zeros, ...back];
  const out = new Uint8Array(16);
  groups.forEach((group, index) => {
    out[index * 2] = group >> 8;
    out[index * 2 + 1] = group & 0xff;
  });
  return out;
}

function ipv6Text(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `::ffff:${Array.from(bytes.subarray(12, 16)).join('.')}`;
  // RFC 5952: compress the longest run of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
