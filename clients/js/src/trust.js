// The fetch wrapper's trust rules as pure functions, the same as the .NET SDK's ResourceTrust.

/**
 * RFC 9728 §3.3 and §7.3: a token for `resource` goes only to URLs it names: the same origin, and a path at or below
 * the resource's path (on a segment boundary).
 */
export function names(resource, request) {
  const r = new URL(resource);
  const q = new URL(request);
  if (r.origin !== q.origin) return false;
  const prefix = r.pathname.replace(/\/+$/, '');
  return prefix === '' || q.pathname === prefix || q.pathname.startsWith(`${prefix}/`);
}

/** https always; http only where the caller allows it (development). */
export function isAllowedScheme(url, allowHttp) {
  const protocol = new URL(url).protocol;
  return protocol === 'https:' || (allowHttp && protocol === 'http:');
}

/** The first authorization server the resource names that the caller trusts (issuers compared exactly, but for a trailing slash). */
export function chooseAuthorizationServer(metadata, trusted) {
  const trustedIssuers = new Set(trusted.map((t) => String(t).replace(/\/+$/, '')));
  return (metadata.authorization_servers ?? []).find((a) => typeof a === 'string' && trustedIssuers.has(a.replace(/\/+$/, ''))) ?? null;
}

/**
 * RFC 8707: the resource indicator to request: the resource's own URL, unless its metadata names another audience
 * (token_audience, this project's extension member) and its origin is one the caller trusts with that; otherwise
 * null: a resource server must not get a token meant for someone else by naming them.
 */
export function audience(metadata, trustedResourceServers) {
  if (!metadata.token_audience || metadata.token_audience === metadata.resource) return metadata.resource;
  const origin = new URL(metadata.resource).origin;
  return trustedResourceServers.some((t) => new URL(t).origin === origin) ? metadata.token_audience : null;
}
