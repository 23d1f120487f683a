// (b) client_credentials with completion_mode=deferred, polled with genericGrantRequest on the DTR grant
// urn:ietf:params:oauth:grant-type:deferred and deferral_code; the approver approves after the first pending poll.
import { approve, check, claims, client, connect, DeferredGrant, env, expectError, pollDeferral, run } from './lib.mjs';

run(async () => {
  const { config, exchanges } = await connect(env('CLIENT_ID'));

  const deferred = await expectError(
    client.clientCredentialsGrant(config, { scope: 'approve:me', completion_mode: 'deferred' }),
    'authorization_pending');
  const { deferral_code: code, interval } = deferred.cause;
  check(typeof code === 'string' && Number.isInteger(interval), 'the deferred response has deferral_code and interval');

  let progress = null;
  const tokens = await pollDeferral(config, code, interval, async (pending) => {
    if (progress === null) {
      progress = pending.error_description;
      await approve(code, env('APPROVER_USER'), env('APPROVER_PASSWORD'));
    }
  });

  check(tokens.scope === 'approve:me', `scope approve:me, got ${tokens.scope}`);
  const payload = claims(tokens.access_token);
  check(payload.approval?.rule === 'approve-me', 'the token carries the approval claim');
  check(payload.approval?.quorum?.approved === 1, 'one approval counted');

  // Once only: polling the redeemed code is invalid_grant.
  await new Promise((resolve) => setTimeout(resolve, interval * 1000));
  await expectError(client.genericGrantRequest(config, DeferredGrant, { deferral_code: code }), 'invalid_grant');

  return {
    flow: 'client-credentials-dtr-poll',
    progress,
    polls: exchanges.map(({ grant_type, status, error }) => ({ grant_type, status, error })),
    scope: tokens.scope,
    approval_rule: payload.approval.rule,
  };
});
