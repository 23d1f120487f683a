// Discovery both ways openid-client offers: OpenID Connect Discovery (/.well-known/openid-configuration, the default)
// and RFC 8414 (algorithm 'oauth2', /.well-known/oauth-authorization-server). Each checks that the document's issuer
// is the issuer asked for; both must describe the same server, DTR included.
import { check, client, env, run } from './lib.mjs';

run(async () => {
  const issuer = new URL(env('ISSUER'));
  const options = { execute: [client.allowInsecureRequests] };
  const oidc = (await client.discovery(issuer, 'any', undefined, client.None(), options)).serverMetadata();
  const oauth = (await client.discovery(issuer, 'any', undefined, client.None(), { ...options, algorithm: 'oauth2' })).serverMetadata();

  for (const name of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'backchannel_authentication_endpoint']) {
    check(oidc[name] === oauth[name], `both documents agree on ${name}`);
  }
  check(oauth.deferred_token_response_supported === true, 'deferred_token_response_supported is true');
  for (const grant of ['urn:ietf:params:oauth:grant-type:deferred', 'urn:openid:params:grant-type:ciba', 'authorization_code',
    'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange', 'client_credentials']) {
    check(oauth.grant_types_supported.includes(grant), `grant_types_supported lists ${grant}`);
  }

  return {
    flow: 'discovery',
    issuer: oidc.issuer,
    deferred_token_response_supported: oauth.deferred_token_response_supported,
    grant_types_supported: oauth.grant_types_supported,
  };
});
