// (a) client_credentials with completion_mode=deferred: the Deferred Token Response reaches the client as
// openid-client's ResponseBodyError (authorization_pending, with deferral_code and its alias auth_req_id); the
// library's own CIBA poller (pollBackchannelAuthenticationGrant) waits on the alias until the approver approves.
import { approve, check, CibaGrant, claims, client, connect, env, expectError, run, settle, until } from './lib.mjs';

run(async () => {
  const { config, exchanges } = await connect(env('CLIENT_ID'));

  const deferred = await expectError(
    client.clientCredentialsGrant(config, { scope: 'approve:me', completion_mode: 'deferred' }),
    'authorization_pending');
  const body = deferred.cause;
  check(deferred.status === 400, 'the deferred response is HTTP 400');
  check(/^[A-Za-z0-9_-]{43}$/.test(body.deferral_code), 'deferral_code is 43 base64url characters');
  check(body.auth_req_id === body.deferral_code, 'auth_req_id repeats the deferral code');
  check(Number.isInteger(body.expires_in) && Number.isInteger(body.interval), 'expires_in and interval are integers');

  // The library's CIBA poller takes the deferred response as it is: auth_req_id, expires_in, interval.
  const polling = settle(client.pollBackchannelAuthenticationGrant(
    config, { auth_req_id: body.auth_req_id, expires_in: body.expires_in, interval: body.interval }, undefined,
    { signal: AbortSignal.timeout(30_000) }));
  await until(() => exchanges.some((x) => x.grant_type === CibaGrant && x.error === 'authorization_pending'),
    'a pending CIBA poll', 20_000, () => polling.error);
  await approve(body.deferral_code, env('APPROVER_USER'), env('APPROVER_PASSWORD'));
  await polling.promise;
  if (polling.error) {
    throw polling.error;
  }

  const tokens = polling.value;
  check(tokens.token_type.toLowerCase() === 'bearer', 'a bearer token');
  check(tokens.scope === 'approve:me', `scope approve:me, got ${tokens.scope}`);
  const payload = claims(tokens.access_token);
  check(payload.approval?.rule === 'approve-me', 'the token carries the approval claim');

  // The token is handed out once: the same auth_req_id again is invalid_grant.
  await expectError(client.genericGrantRequest(config, CibaGrant, { auth_req_id: body.auth_req_id }), 'invalid_grant');

  return {
    flow: 'client-credentials-ciba-poll',
    deferred: { error: deferred.error, interval: body.interval, expires_in: body.expires_in },
    polls: exchanges.map(({ grant_type, status, error }) => ({ grant_type, status, error })),
    scope: tokens.scope,
    sub: payload.sub,
    approval_rule: payload.approval.rule,
  };
});
