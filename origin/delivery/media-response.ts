import { parseByteRange } from './byte-range.ts';
import type { CorsHeaders, CorsVariant } from './cors-headers.ts';
import type { MediaBody } from './media-bodies.ts';

export interface MediaResponseOptions {
  contentType: string;
  etag: string;
  cacheControl: string;
}

/**
 * Sends immutable media bytes (init, part, segment): strong ETag, conditional
 * GET (304), single byte ranges (206/416), long-lived cache headers. A plain GET,
 * nearly every request, shares the body and a ready-made set of headers.
 */
export function mediaResponse(
  request: Request,
  body: MediaBody,
  options: MediaResponseOptions,
  cors: CorsHeaders,
  variant: CorsVariant,
): Response {
  const ifNoneMatch = request.headers.get('if-none-match');
  const rangeHeader = request.headers.get('range');
  if (!ifNoneMatch && !rangeHeader) {
    const key = `${variant}\n${options.etag}\n${options.contentType}\n${options.cacheControl}`;
    let headers = body.headers.get(key);
    if (!headers) {
      headers = headersFor(options, cors, variant);
      body.headers.set(key, headers);
    }
    return new Response(body.blob, { status: 200, headers });
  }

  const headers = headersFor(options, cors, variant);
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === options.etag || tag.trim() === '*')) {
    return new Response(null, { status: 304, headers });
  }
  const size = body.blob.size;
  const range = parseByteRange(rangeHeader ?? undefined, size);
  if (range.kind === 'unsatisfiable') {
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  if (range.kind === 'partial') {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${size}`);
    return new Response(body.blob.slice(range.start, range.end + 1), { status: 206, headers });
  }
  return new Response(body.blob, { status: 200, headers });
}

function headersFor(options: MediaResponseOptions, cors: CorsHeaders, variant: CorsVariant): Headers {
  const headers = new Headers({
    'content-type': options.contentType,
    etag: options.etag,
    'cache-control': options.cacheControl,
    'accept-ranges': 'bytes',
  });
  cors.apply(headers, variant);
  return headers;
}
