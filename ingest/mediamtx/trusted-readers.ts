import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../defs/errors.ts';

/** Default: an origin on the same host (or in the same network namespace) as MediaMTX. */
export const loopbackReaders: readonly string[] = ['127.0.0.0/8', '::1'];

/**
 * The addresses (IPs or CIDRs) allowed to read from MediaMTX and use its API: the origin's
 * own pulls. Viewers watch the origin, never MediaMTX, so every other read is refused.
 */
export class TrustedReaders {
  readonly #list = new BlockList();

  constructor(entries: readonly string[] = loopbackReaders) {
    for (const entry of entries) this.#add(entry);
  }

  allows(ip: string): boolean {
    const family = isIP(ip);
    if (family === 0) return false;
    return this.#list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  #add(entry: string): void {
    const [address = '', bits, ...extra] = entry.trim().split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const valid =
      family !== 0 &&
      extra.length === 0 &&
      (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits));
    if (!valid)
      throw new ConfigError('mediamtx.trustedReaders', entry, 'an IP address or a CIDR such as 10.0.0.0/8');
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) this.#list.addAddress(address, type);
    else this.#list.addSubnet(address, Number(bits), type);
  }
}
