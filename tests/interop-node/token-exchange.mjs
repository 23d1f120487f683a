// (e) RFC 8693 token exchange through genericGrantRequest: the subject token is an access token this server issued
// to another client for exchange here (its audience is the issuer); the exchange asks for a scope the policy defers,
// so it gets a Deferred Token Response; the approver approves; a genericGrantRequest poll on the DTR grant collects
// the exchanged token.
import {
  AccessTokenType, approve, check, claims, client, connect, env, expectError, pollDeferral, run, TokenExchangeGrant,
} from './lib.mjs';

run(async () => {
  const subjectClient = await connect(env('SUBJECT_CLIENT_ID'), client.ClientSecretBasic(env('SUBJECT_CLIENT_SECRET')));
  const subject = await client.clientCredentialsGrant(subjectClient.config, { scope: 'read', resource: env('ISSUER') });
  const { config, exchanges } = await connect(env('CLIENT_ID'));

  const deferred = await expectError(client.genericGrantRequest(config, TokenExchangeGrant, {
    subject_token: subject.access_token,
    subject_token_type: AccessTokenType,
    scope: 'approve:me',
    completion_mode: 'deferred',
  }), 'authorization_pending');
  const { deferral_code: code, interval } = deferred.cause;
  check(typeof code === 'string', 'the exchange was deferred with a deferral_code');

  await approve(code, env('APPROVER_USER'), env('APPROVER_PASSWORD'));
  const tokens = await pollDeferral(config, code, interval);

  check(tokens.issued_token_type === AccessTokenType, `issued_token_type is the access token type, got ${tokens.issued_token_type}`);
  const payload = claims(tokens.access_token);
  check(payload.sub === env('SUBJECT_CLIENT_ID'), `the subject is the subject token's, got ${payload.sub}`);
  check(payload.act?.sub === env('CLIENT_ID'), 'act names the exchanging client');
  check(payload.approval?.rule === 'approve-me', 'the token carries the approval claim');

  return {
    flow: 'token-exchange',
    polls: exchanges.map(({ grant_type, status, error }) => ({ grant_type, status, error })),
    issued_token_type: tokens.issued_token_type,
    sub: payload.sub,
    act: payload.act.sub,
    scope: tokens.scope,
  };
});
