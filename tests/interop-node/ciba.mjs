// (c) CIBA in poll mode: initiateBackchannelAuthentication with the login_hint of a directory user, who finds the
// request in their inbox and approves it through the approval API; pollBackchannelAuthenticationGrant gets the
// tokens, and openid-client validates the ID token (issuer, audience, times) on the way.
import { approvalId, approve, check, CibaGrant, client, connect, env, inbox, run, settle, until } from './lib.mjs';

run(async () => {
  const { config, exchanges } = await connect(env('CLIENT_ID'));
  check(config.serverMetadata().backchannel_token_delivery_modes_supported?.includes('poll'), 'the metadata offers poll mode');
  const user = env('APPROVER_USER');

  const started = await client.initiateBackchannelAuthentication(config, {
    scope: 'openid read',
    login_hint: user,
    binding_message: 'interop-42',
  });
  check(typeof started.auth_req_id === 'string' && started.expires_in > 0, 'an auth_req_id with expires_in');

  const polling = settle(client.pollBackchannelAuthenticationGrant(config, started, undefined, { signal: AbortSignal.timeout(30_000) }));
  await until(() => exchanges.some((x) => x.grant_type === CibaGrant && x.error === 'authorization_pending'),
    'a pending CIBA poll', 20_000, () => polling.error);

  const items = (await inbox(user, env('APPROVER_PASSWORD'))).items;
  const item = items.find((i) => i.id === approvalId(started.auth_req_id));
  check(item !== undefined, 'the request is in the hinted user\'s inbox');
  await approve(started.auth_req_id, user, env('APPROVER_PASSWORD'));
  await polling.promise;
  if (polling.error) {
    throw polling.error;
  }

  const tokens = polling.value;
  const id = tokens.claims();
  check(id !== undefined, 'an ID token');
  check(id.sub === user, `the ID token's subject is ${user}, got ${id.sub}`);
  check(id.aud === env('CLIENT_ID') || id.aud?.includes?.(env('CLIENT_ID')), 'the ID token is for the client');
  check(tokens.scope?.split(' ').includes('openid'), 'openid granted');

  return {
    flow: 'ciba',
    interval: started.interval,
    polls: exchanges.map(({ grant_type, status, error }) => ({ grant_type, status, error })),
    inbox_grant_type: item.grant_type,
    id_token: { iss: id.iss, sub: id.sub, aud: id.aud },
    scope: tokens.scope,
  };
});
