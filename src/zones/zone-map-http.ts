/**
 * HTTP caching of `GET /api/v1/zones/{zone_id}/map`. A map changes only when the coordinator
 * restarts with another cache or an admin points the zone at another map, so clients may keep it
 * an hour and then revalidate with the ETag (a 304 costs no body: prontera's is 20 KB).
 */
export const MAP_CACHE_CONTROL = 'public, max-age=3600';

/** RFC 9110 If-None-Match: `*`, or a list of tags compared weakly (a `W/` prefix is ignored). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) {
    return false;
  }
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
