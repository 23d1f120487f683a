// (d) Authorization code with PKCE: buildAuthorizationUrl, the server's sign-in and consent forms driven with plain
// HTTP, then authorizationCodeGrant, which checks state, the RFC 9207 iss parameter, PKCE and the ID token's nonce.
import { check, claims, client, codeFlow, connect, env, expectError, run } from './lib.mjs';

run(async () => {
  const { config } = await connect(env('CLIENT_ID'));

  const { tokens, callback, checks } = await codeFlow(config, 'openid read');

  check(callback.searchParams.get('iss') === config.serverMetadata().issuer, 'the response carries iss (RFC 9207)');
  const id = tokens.claims();
  check(id.sub === env('USER_NAME'), `the ID token's subject is the signed-in user, got ${id.sub}`);
  check(id.nonce === checks.expectedNonce, 'the nonce round-trips');
  check(claims(tokens.access_token).sub === env('USER_NAME'), 'the access token acts for the user');
  check(typeof tokens.refresh_token === 'string', 'a refresh token');

  // The code is single use (RFC 6749 §4.1.2).
  await expectError(client.authorizationCodeGrant(config, callback, checks), 'invalid_grant');

  return {
    flow: 'authorization-code',
    redirect: `${callback.origin}${callback.pathname}`,
    id_token: { sub: id.sub, aud: id.aud, nonce_matches: id.nonce === checks.expectedNonce },
    scope: tokens.scope,
    refresh_token: typeof tokens.refresh_token === 'string',
  };
});
