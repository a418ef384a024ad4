/** The console's pages live in the URL hash (`#/streams/<id>`), so the origin serves one page only. */
export type Route = { page: 'streams' } | { page: 'stream'; id: string; created: boolean };

const STREAM_ID = /^str_[A-Za-z0-9_-]{12}$/;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const match = /^\/streams\/([^/]+)$/.exec(path);
  if (match?.[1] && STREAM_ID.test(match[1]))
    return { page: 'stream', id: match[1], created: new URLSearchParams(query).has('created') };
  return { page: 'streams' };
}

export function routeHash(route: Route): string {
  if (route.page === 'streams') return '#/streams';
  return `#/streams/${route.id}${route.created ? '?created' : ''}`;
}
