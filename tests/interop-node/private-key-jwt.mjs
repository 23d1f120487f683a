// private_key_jwt (RFC 7523 §2.2 and §3) as openid-client does it with its own PrivateKeyJwt: the assertion it signs
// authenticates the client for client_credentials; then the same assertion again, one for another audience, an
// expired one, one signed by a key that is not in the client's JWKS (under the registered key id), one whose header
// says alg none, and an HS256 one (ClientSecretJwt) are each 401 invalid_client; the client still gets tokens after.
import { check, claims, client, connect, env, expectInvalidClient, importPrivateKey, run } from './lib.mjs';

run(async () => {
  const clientId = env('CLIENT_ID');
  const kid = env('CLIENT_KEY_ID');
  const key = await importPrivateKey(env('CLIENT_PRIVATE_KEY'));
  const { config, exchanges } = await connect(clientId);

  const tokens = await client.clientCredentialsGrant(config, { scope: 'read' });
  check(claims(tokens.access_token).client_id === clientId, 'the token is issued to the keyed client');
  const sent = exchanges.at(-1).client_assertion;
  const header = JSON.parse(Buffer.from(sent.split('.')[0], 'base64url').toString('utf8'));
  const assertion = claims(sent);

  // Each way openid-client can be made to sign a wrong assertion, through its modifyAssertion hook.
  const modified = (modify, signingKey = key) =>
    connect(clientId, client.PrivateKeyJwt({ key: signingKey, kid }, { [client.modifyAssertion]: modify }));
  const now = Math.floor(Date.now() / 1000);
  const stranger = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const wrong = {
    // openid-client's ClientAuth is a function that fills the request body: this one sends the assertion it sent before.
    'replayed': await connect(clientId, (_as, _client, body) => {
      body.set('client_id', clientId);
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', sent);
    }),
    'for another audience': await modified((_, payload) => { payload.aud = 'https://other.example'; }),
    'expired': await modified((_, payload) => Object.assign(payload, { iat: now - 600, nbf: now - 600, exp: now - 300 })),
    'signed by a key not in the JWKS': await modified(() => {}, stranger.privateKey),
    'alg none in the header': await modified((h) => { h.alg = 'none'; }),
    'HS256 (client_secret_jwt)': await connect(clientId, client.ClientSecretJwt('a-guessed-secret')),
  };

  const refused = {};
  for (const [name, connection] of Object.entries(wrong)) {
    refused[name] = await expectInvalidClient(client.clientCredentialsGrant(connection.config, { scope: 'read' }));
  }

  const after = await client.clientCredentialsGrant(config, { scope: 'read' });

  return {
    flow: 'private-key-jwt',
    client_id: claims(tokens.access_token).client_id,
    assertion: { alg: header.alg, kid: header.kid, iss: assertion.iss, sub: assertion.sub, aud: assertion.aud, lifetime: assertion.exp - assertion.iat },
    refused,
    after: claims(after.access_token).client_id,
  };
});
