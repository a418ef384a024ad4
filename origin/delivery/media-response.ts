import type { Context } from 'hono';
import { parseByteRange } from './byte-range.ts';

/**
 * Sends immutable media bytes (init, part, segment): strong ETag, conditional
 * GET (304), single byte ranges (206/416), long-lived cache headers.
 */
export function mediaResponse(
  c: Context,
  bytes: Uint8Array,
  options: { contentType: string; etag: string; cacheControl: string },
): Response {
  const headers: Record<string, string> = {
    'content-type': options.contentType,
    etag: options.etag,
    'cache-control': options.cacheControl,
    'accept-ranges': 'bytes',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (
    ifNoneMatch &&
    ifNoneMatch.split(',').some((tag) => tag.trim() === options.etag || tag.trim() === '*')
  ) {
    return new Response(null, { status: 304, headers });
  }
  const range = parseByteRange(c.req.header('range'), bytes.length);
  if (range.kind === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${bytes.length}` },
    });
  }
  if (range.kind === 'partial') {
    return new Response(bytes.subarray(range.start, range.end + 1) as Uint8Array<ArrayBuffer>, {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` },
    });
  }
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
