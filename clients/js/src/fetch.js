// A fetch that answers a resource server's challenge (RFC 6750 §3.1, RFC 9728 §5.1) by getting the token it names,
// waiting through any deferral, and retrying the request once. The trust rules:
// - the resource's metadata must name the request's URL (RFC 9728 §3.3), and a token goes only to URLs its resource names;
// - the authorization server must be one the caller trusts, and both it and the metadata https unless allowHttp;
// - an audience other than the resource's URL (token_audience) is requested only for a trusted resource server.
// When a rule refuses, the challenge is returned as it came (onRefused hears why), and nothing was sent anywhere.
import { bearerChallenge, webAddress } from './challenge.js';
import { createDpopProof } from './dpop.js';
import { DeferredTokenClient } from './token-client.js';
import { audience, chooseAuthorizationServer, isAllowedScheme, names } from './trust.js';
import * as wire from './wire.js';

const DEFAULT_LIFETIME_MS = 60_000;

/**
 * @param options { clientId, clientSecret?, trustedAuthorizationServers: string[], trustedResourceServers?: string[],
 *   allowHttp?, subjectToken?(): Promise<string>, dpopKey?, onProgress?, onInteractionRequired?, onRefused?(reason),
 *   expirySkewMs?, fetch?, now? }
 * @returns a fetch(input, init) with the same contract as the global one; rejects with DeferredTokenError when the
 *   token it waited for was refused (access_denied, expired_token).
 */
export function withDeferredTokens(options) {
  const settings = {
    trustedResourceServers: [],
    expirySkewMs: 30_000,
    fetch: globalThis.fetch,
    now: Date.now,
    ...options,
  };
  const tokens = new Map(); // `${resource} ${scope}` → { resource, scope, token, expiresAt, obtainedAt }
  const inFlight = new Map(); // same key → promise of the entry
  const clients = new Map(); // issuer → DeferredTokenClient

  const find = (url) =>
    [...tokens.values()]
      .filter((t) => t.expiresAt > settings.now() && names(t.resource, url))
      .sort((a, b) => new URL(b.resource).pathname.length - new URL(a.resource).pathname.length || b.obtainedAt - a.obtainedAt)[0] ?? null;

  const refuse = (url, reason) => {
    settings.onRefused?.(`not answering the challenge of ${url}: ${reason}`);
    return null;
  };

  async function obtain(url, challenge, held, signal) {
    const metadataUrl = challenge.resourceMetadata ?? `${new URL(url).origin}${wire.PROTECTED_RESOURCE_METADATA_PATH}`;
    if (!isAllowedScheme(metadataUrl, settings.allowHttp)) return refuse(url, `the resource metadata ${metadataUrl} is not https`);
    const answer = await settings.fetch(metadataUrl, { signal, headers: { accept: 'application/json' } });
    const metadata = answer.ok ? await answer.json().catch(() => null) : null;
    if (!metadata || !webAddress(metadata.resource)) return refuse(url, `no protected-resource metadata at ${metadataUrl}`);
    if (!names(metadata.resource, url)) return refuse(url, `the metadata's resource ${metadata.resource} does not name the request (RFC 9728 §3.3)`);
    const issuer = chooseAuthorizationServer(metadata, settings.trustedAuthorizationServers);
    if (!issuer) return refuse(url, `none of its authorization servers (${(metadata.authorization_servers ?? []).join(', ')}) is trusted`);
    if (!isAllowedScheme(issuer, settings.allowHttp)) return refuse(url, `the authorization server ${issuer} is not https`);
    const target = audience(metadata, settings.trustedResourceServers);
    if (!target) return refuse(url, `it asks for audience '${metadata.token_audience}' and ${new URL(metadata.resource).origin} is not a trusted resource server`);

    const scope = challenge.scope ?? '';
    const key = `${metadata.resource} ${scope}`;
    // One token request per resource and scope at a time: concurrent callers wait for the same approval.
    while (inFlight.has(key)) await inFlight.get(key).catch(() => null);
    const cached = tokens.get(key);
    if (cached && cached.expiresAt > settings.now() && cached.token.access_token !== held?.token.access_token) return cached;

    const request = (async () => {
      let client = clients.get(issuer);
      if (!client) {
        client = new DeferredTokenClient({
          issuer,
          clientId: settings.clientId,
          clientSecret: settings.clientSecret,
          dpopKey: settings.dpopKey,
          allowHttp: settings.allowHttp,
          onInteractionRequired: settings.onInteractionRequired,
          fetch: settings.fetch,
          now: settings.now,
        });
        clients.set(issuer, client);
      }
      const parameters = [];
      let grantType = wire.CLIENT_CREDENTIALS_GRANT;
      if (settings.subjectToken) {
        // RFC 8693 §2.1: exchange the user's token for one for this resource.
        grantType = wire.TOKEN_EXCHANGE_GRANT;
        parameters.push(['subject_token', await settings.subjectToken()], ['subject_token_type', wire.ACCESS_TOKEN_TYPE]);
      }
      if (scope) parameters.push(['scope', scope]);
      parameters.push(['resource', target]);
      const token = await client.requestToken(grantType, parameters, { signal, onProgress: settings.onProgress });
      const now = settings.now();
      const lifetime = Number.isInteger(token.expires_in) && token.expires_in > 0 ? token.expires_in * 1000 - settings.expirySkewMs : DEFAULT_LIFETIME_MS;
      const entry = { resource: metadata.resource, scope, token, obtainedAt: now, expiresAt: now + Math.max(0, lifetime) };
      tokens.set(key, entry);
      return entry;
    })();
    inFlight.set(key, request);
    try {
      return await request;
    } finally {
      inFlight.delete(key);
    }
  }

  async function send(request, body, token) {
    const headers = new Headers(request.headers);
    headers.delete('dpop');
    if (token) {
      // RFC 9449 §7.1: a DPoP-bound token goes with the DPoP scheme and a proof carrying its hash; RFC 6750 §2.1 otherwise.
      if (String(token.token_type).toLowerCase() === 'dpop' && settings.dpopKey) {
        headers.set('authorization', `DPoP ${token.access_token}`);
        headers.set('dpop', await createDpopProof(settings.dpopKey, request.method, request.url, { accessToken: token.access_token, now: settings.now() }));
      } else {
        headers.set('authorization', `Bearer ${token.access_token}`);
      }
    }
    return settings.fetch(request.url, { method: request.method, headers, body, signal: request.signal, redirect: request.redirect });
  }

  return async function deferredFetch(input, init) {
    const request = new Request(input, init);
    // The request may go out twice: its body is read once and sent from memory.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const held = find(request.url);
    const response = await send(request, body, held?.token);
    const challenge = bearerChallenge(response);
    if (!challenge) return response;

    // RFC 6750 §3.1: invalid_token means the token we sent is no good: forget it.
    if (held && challenge.error === wire.INVALID_TOKEN) tokens.delete(`${held.resource} ${held.scope}`);
    const entry = await obtain(request.url, challenge, held, init?.signal ?? request.signal);
    if (!entry || (held && entry.token.access_token === held.token.access_token)) return response;
    await response.body?.cancel();
    return send(request, body, entry.token);
  };
}
