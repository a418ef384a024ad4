/**
 * Numbers from libsrt 1.5's public headers (srt.h, access_control.h), which are not
 * installed here: declared by hand, named as in the headers.
 */

/** SRT_SOCKOPT values we set or read. */
export const SRTO = {
  SNDSYN: 1,
  RCVSYN: 2,
  LATENCY: 23,
  PASSPHRASE: 26,
  PBKEYLEN: 27,
  CONNTIMEO: 36,
  RCVLATENCY: 43,
  PEERLATENCY: 44,
  STREAMID: 46,
  PAYLOADSIZE: 49,
  TRANSTYPE: 50,
  PEERIDLETIMEO: 55,
} as const;

export const SRTT_LIVE = 0;

/** SRT_SOCKSTATUS from srt_getsockstate. */
export const SRTS = {
  INIT: 1,
  OPENED: 2,
  LISTENING: 3,
  CONNECTING: 4,
  CONNECTED: 5,
  BROKEN: 6,
  CLOSING: 7,
  CLOSED: 8,
  NONEXIST: 9,
} as const;

export const SRT_EPOLL_IN = 0x1;
export const SRT_EPOLL_OUT = 0x4;
export const SRT_EPOLL_ERR = 0x8;

/** SRT_ERRNO values we branch on. */
export const SRT_ERRNO = {
  ECONNREJ: 1002,
  ECONNLOST: 2001,
  ENOCONN: 2002,
  EINVSOCK: 5004,
  EASYNCRCV: 6002,
  ETIMEOUT: 6003,
} as const;

/** Live-mode payload ceiling (MTU 1500 - UDP 28 - SRT 16): a receive buffer this big takes any message. */
export const SRT_LIVE_MAX_PLSIZE = 1456;

/** SRT_REJECT_REASON (srt.h) for a caller that got no answer: not a refusal. */
export const SRT_REJ_TIMEOUT = 16;

/** SRT_REJX_* (access_control.h): the rejection codes a listener sends with a refused handshake. */
export const SRT_REJX = {
  KEY_NOTSUP: 1001,
  BAD_REQUEST: 1400,
  UNAUTHORIZED: 1401,
  OVERLOAD: 1402,
  FORBIDDEN: 1403,
  NOTFOUND: 1404,
  BAD_MODE: 1405,
  CONFLICT: 1409,
  NOTSUP_MEDIA: 1415,
  ISE: 1500,
  DOWN: 1503,
} as const;

/** The rejection code for a PublishGate status. */
export function rejectCodeForStatus(status: 401 | 403 | 409): number {
  return status === 401 ? SRT_REJX.UNAUTHORIZED : status === 403 ? SRT_REJX.FORBIDDEN : SRT_REJX.CONFLICT;
}

const rejectReasons: Record<number, string> = {
  [SRT_REJX.KEY_NOTSUP]: 'the stream id uses a key this listener does not support',
  [SRT_REJX.BAD_REQUEST]: 'malformed stream id (expected publish:<key> or #!::r=<key>,m=publish)',
  [SRT_REJX.UNAUTHORIZED]: 'unknown stream key',
  [SRT_REJX.FORBIDDEN]: 'the stream is disabled',
  [SRT_REJX.BAD_MODE]: 'the stream id does not ask to publish (m=publish)',
  [SRT_REJX.CONFLICT]: 'the stream already has a publisher',
  [SRT_REJX.NOTSUP_MEDIA]: 'the stream id type is not t=stream',
  [SRT_REJX.ISE]: 'the listener could not apply the stream settings',
  [SRT_REJX.DOWN]: 'the listener is closing',
};

/** Why a handshake was refused, for logs: the reason and the SRT_REJX code the caller saw. */
export function describeRejectCode(code: number): string {
  const name = Object.entries(SRT_REJX).find(([, value]) => value === code)?.[0];
  const label = name ? `SRT_REJX_${name} ${code}` : `code ${code}`;
  return `${rejectReasons[code] ?? 'refused'} (${label})`;
}
