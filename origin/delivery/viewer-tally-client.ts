/** What Bun.serve passes a fetch handler as its second argument, as far as we use it. */
interface PeerAddresses {
  requestIP(request: Request): { address: string } | null;
}

// 53 bits of the 64-bit hash: a Number is a cheaper Map key than a bigint or a string, and
// 100 000 clients collide with a chance of about 1 in 10^6.
const SAFE_BITS = (1n << 53n) - 1n;

/**
 * The viewer tally's key for the client of `request`: its socket address and User-Agent,
 * hashed (no address is kept). `server` is what Bun.serve passed beside the request (absent
 * when a test calls the app directly: the User-Agent alone then). X-Forwarded-For is not
 * read: no setting says which proxy to trust, and any client could forge it. Behind a proxy
 * or CDN every viewer comes from its address, so viewers with the same browser count once.
 */
export function viewerClientKey(request: Request, server: unknown): number {
  const peer = server as Partial<PeerAddresses> | undefined;
  const address = typeof peer?.requestIP === 'function' ? (peer.requestIP(request)?.address ?? '') : '';
  const agent = request.headers.get('user-agent') ?? '';
  return Number(Bun.hash.wyhash(`${address} ${agent}`) & SAFE_BITS);
}
