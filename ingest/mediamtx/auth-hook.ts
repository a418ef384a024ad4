import type { PublishGate } from '../../defs/ingest.ts';
import { digestsEqual, sha256 } from '../../state/secret-token.ts';
import type { MediamtxAuthRequest } from './mediamtx-auth-request.ts';
import { streamKeyFromPath } from './stream-key-path.ts';
import type { TrustedReaders } from './trusted-readers.ts';

export interface MediamtxAuthPolicy {
  gate: Pick<PublishGate, 'authorize'>;
  pathPrefix: string;
  trustedReaders: TrustedReaders;
  /** Lets the origin read (or call the API) from an address not in trustedReaders, as `user:password@`. */
  readerPassword?: string;
}

export type MediamtxAuthDecision =
  | { allow: true; reason: string; streamKey?: string }
  | { allow: false; reason: string; streamKey?: string; gateStatus?: number };

/**
 * What the origin answers MediaMTX's HTTP auth callback. Publishing needs a stream key the
 * PublishGate accepts (the key is the path's last segment, see stream-key-path.ts). Reads
 * (and api/metrics/pprof) are for the origin's own pulls only: viewers watch the origin.
 */
export function decideMediamtxAuth(
  request: MediamtxAuthRequest,
  policy: MediamtxAuthPolicy,
): MediamtxAuthDecision {
  if (request.action === 'publish') {
    const streamKey = streamKeyFromPath(request.path, policy.pathPrefix);
    if (streamKey === undefined)
      return { allow: false, reason: `publish to ${policy.pathPrefix}/<stream key>` };
    const result = policy.gate.authorize({ protocol: 'mediamtx', streamKey, remoteAddress: request.ip });
    if (result.ok) return { allow: true, reason: 'stream key accepted', streamKey };
    return { allow: false, reason: result.reason, streamKey, gateStatus: result.status };
  }
  if (policy.trustedReaders.allows(request.ip)) return { allow: true, reason: 'trusted reader address' };
  if (policy.readerPassword !== undefined && secretMatches(request.password, policy.readerPassword))
    return { allow: true, reason: 'reader password' };
  return { allow: false, reason: 'viewers read from the origin, not from MediaMTX' };
}

function secretMatches(given: string, expected: string): boolean {
  return given.length > 0 && digestsEqual(sha256(given), sha256(expected));
}
