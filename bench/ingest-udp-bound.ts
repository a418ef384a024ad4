/**
 * Waits until some socket on this host is bound to a UDP port, read from /proc/net/udp
 * (Linux) so the check never binds, and never steals datagrams from, the port itself.
 */
import { readFileSync } from 'node:fs';

function udpPortBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex));
}

export async function waitForUdpBound(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!udpPortBound(port)) {
    if (performance.now() > deadline)
      throw new Error(`UDP port ${port} was not bound within ${timeoutMs} ms`);
    await Bun.sleep(5);
  }
}
