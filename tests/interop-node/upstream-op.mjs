// A real third-party OpenID Provider (node-oidc-provider) on loopback, for the inbox's upstream sign-in tests: one
// confidential client (authorization code, PKCE required, client_secret_post), accounts that exist for any login
// name (the development login form), and the login name released as preferred_username under the profile scope.
// Prints "LISTENING <issuer>" once it accepts connections; runs until killed.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://localhost:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        // The OP's own subject identifier differs from the directory's user id: the gateway maps preferred_username.
        return { sub: `upstream-${id}`, preferred_username: id, name: id };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: [process.env.COOKIE_KEY ?? 'upstream-op-test-cookie-key'] },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`LISTENING ${issuer}`);
});
