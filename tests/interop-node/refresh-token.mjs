// (f) refreshTokenGrant with rotation: a refresh token obtained by the authorization code flow is exchanged for a
// new pair; the new refresh token differs, and the old one, presented again, is invalid_grant.
import { check, claims, client, codeFlow, connect, env, expectError, run } from './lib.mjs';

run(async () => {
  const { config } = await connect(env('CLIENT_ID'));
  const { tokens: first } = await codeFlow(config, 'openid read');
  check(typeof first.refresh_token === 'string', 'the code flow issued a refresh token');

  const second = await client.refreshTokenGrant(config, first.refresh_token);
  check(typeof second.refresh_token === 'string' && second.refresh_token !== first.refresh_token, 'the refresh token rotated');
  check(claims(second.access_token).sub === env('USER_NAME'), 'the refreshed access token still acts for the user');
  check(second.access_token !== first.access_token, 'a new access token');

  const reused = await expectError(client.refreshTokenGrant(config, first.refresh_token), 'invalid_grant');

  return {
    flow: 'refresh-token',
    rotated: second.refresh_token !== first.refresh_token,
    scope: second.scope,
    old_refresh_token: reused.error,
  };
});
