// Shared plumbing for the openid-client interop flows. Each flow is a script run by
// tests/DeferredOrleans.InteropTests against the server started as a real process; it exits 0 only when every check
// holds and prints one line "RESULT {json}" that the xunit test asserts on.
import { createHash } from 'node:crypto';
import * as client from 'openid-client';

/** A required environment variable; the xunit test sets them (see InteropServer.cs). */
export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}

/**
 * discovery() against the issuer (openid-client reads /.well-known/openid-configuration) with `clientAuth`, by
 * default the one the environment names (see clientAuthFromEnv), allowInsecureRequests because the test server is
 * plain http on loopback, and enableNonRepudiationChecks so every ID token's signature is verified against the
 * server's jwks_uri. Every token endpoint exchange is recorded in `exchanges` through the library's customFetch hook,
 * so a flow can wait for a poll and prove what was sent.
 */
export async function connect(clientId, clientAuth) {
  const config = await client.discovery(new URL(env('ISSUER')), clientId, undefined, clientAuth ?? await clientAuthFromEnv(), {
    execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
  });
  const exchanges = [];
  const tokenEndpoint = config.serverMetadata().token_endpoint;
  config[client.customFetch] = async (url, options) => {
    const response = await fetch(url, options);
    if (String(url) === tokenEndpoint) {
      const form = new URLSearchParams(options.body?.toString() ?? '');
      const body = await response.clone().json().catch(() => ({}));
      exchanges.push({
        grant_type: form.get('grant_type'), status: response.status, error: body.error ?? null, at: Date.now(),
        client_assertion: form.get('client_assertion'),
      });
    }
    return response;
  };
  return { config, exchanges };
}

/**
 * The client authentication the environment names: private_key_jwt (RFC 7523 §2.2) with openid-client's own
 * PrivateKeyJwt when CLIENT_PRIVATE_KEY (PKCS#8, base64, a P-256 key, so ES256) and CLIENT_KEY_ID are set, else
 * client_secret_basic with CLIENT_SECRET.
 */
export async function clientAuthFromEnv() {
  if (!process.env.CLIENT_PRIVATE_KEY) {
    return client.ClientSecretBasic(env('CLIENT_SECRET'));
  }
  return client.PrivateKeyJwt({ key: await importPrivateKey(env('CLIENT_PRIVATE_KEY')), kid: env('CLIENT_KEY_ID') });
}

/** A P-256 private key from PKCS#8 in base64, for signing only. */
export function importPrivateKey(pkcs8) {
  return crypto.subtle.importKey('pkcs8', Buffer.from(pkcs8, 'base64'), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

/** The approval id of a deferral: base64url(SHA-256(ASCII code)), unpadded (README, "The deferred response"). */
export function approvalId(code) {
  return createHash('sha256').update(code, 'ascii').digest('base64url');
}

/** An approver decides through the approval API, as a person would: HTTP Basic, a JSON body. */
export async function approve(code, user, password) {
  const response = await fetch(new URL(`/approvals/${approvalId(code)}/approve`, env('ISSUER')), {
    method: 'POST',
    headers: { authorization: basic(user, password), 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'interop' }),
  });
  const text = await response.text();
  check(response.status === 200, `approve answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The approver's inbox (GET /approvals). */
export async function inbox(user, password) {
  const response = await fetch(new URL('/approvals', env('ISSUER')), { headers: { authorization: basic(user, password) } });
  check(response.status === 200, `inbox answered ${response.status}`);
  return response.json();
}

function basic(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The error a token request must fail with: openid-client throws ResponseBodyError with the parsed body as cause. */
export async function expectError(promise, error) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof client.ResponseBodyError, `expected ResponseBodyError, got ${e?.name}: ${e?.message}`);
    check(e.error === error, `expected ${error}, got ${e.error} (${e.error_description})`);
    check(e.status === 400 || e.status === 401, `unexpected status ${e.status}`);
    return e;
  }
  throw new Error(`expected ${error}, but the request succeeded`);
}

/**
 * A request that must fail client authentication: 401 invalid_client. The server names the Basic scheme in
 * WWW-Authenticate (RFC 6749 §5.2), which openid-client reports as WWWAuthenticateChallengeError with the response
 * unread; the body is checked either way. Returns "status error".
 */
export async function expectInvalidClient(promise) {
  try {
    await promise;
  } catch (e) {
    let body;
    if (e instanceof client.WWWAuthenticateChallengeError) {
      body = await e.response.json();
    } else if (e instanceof client.ResponseBodyError) {
      body = e.cause;
    } else {
      throw e;
    }
    check(e.status === 401 && body.error === 'invalid_client', `expected 401 invalid_client, got ${e.status} ${body.error}`);
    return `${e.status} ${body.error}`;
  }
  throw new Error('expected invalid_client, but the request succeeded');
}

/** Resolves once `predicate` holds, polling every 50 ms; rejects after `ms`, or when `failed` (a settled flow) has failed. */
export async function until(predicate, what, ms = 20_000, failed = () => null) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    const failure = failed();
    if (failure) {
      throw failure;
    }
    check(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Tracks a promise's outcome without leaving a rejection unhandled while the flow does other things. */
export function settle(promise) {
  const state = { done: false, value: undefined, error: null };
  state.promise = promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}

/**
 * A DTR poll loop on genericGrantRequest, as a client without a built-in poller writes it: wait `interval`
 * seconds before every poll (the deferred response counts as the previous request), keep waiting on
 * authorization_pending, add 5 s on slow_down (DTR, as RFC 8628 §3.5), stop on anything else.
 */
export async function pollDeferral(config, code, interval, onPending = async () => {}) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    check(Date.now() < deadline, 'the deferral was not resolved within 30 s');
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    try {
      return await client.genericGrantRequest(config, DeferredGrant, { deferral_code: code });
    } catch (e) {
      if (!(e instanceof client.ResponseBodyError)) {
        throw e;
      }
      if (e.error === 'slow_down') {
        interval += 5;
      } else if (e.error === 'authorization_pending') {
        await onPending(e);
      } else {
        throw e;
      }
    }
  }
}

export const DeferredGrant = 'urn:ietf:params:oauth:grant-type:deferred';
export const CibaGrant = 'urn:openid:params:grant-type:ciba';
export const TokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const AccessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

/** The payload of a JWT, unverified (the flows check content; signature checks live in the HTTP tests). */
export function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * The authorization code flow as a browser would drive it, with plain HTTP: GET the authorization URL (sign-in
 * page), POST its hidden fields with the user's name and password and action=signin (consent page), POST the
 * consent form's hidden fields (with the sealed `ticket`) and decision=allow, and return the redirect's Location.
 * A form without an action posts to the page's own URL.
 */
export async function signInAndConsent(authorizationUrl, user, password) {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const signInHtml = await page.text();
  check(page.status === 200, `GET /authorize answered ${page.status}: ${signInHtml}`);
  const signIn = hiddenFields(signInHtml);
  signIn.set('username', user);
  signIn.set('password', password);
  signIn.set('action', 'signin');

  const consentPage = await postForm(authorizationUrl, signIn);
  const consentHtml = await consentPage.text();
  check(consentPage.status === 200, `sign-in answered ${consentPage.status}: ${consentHtml}`);
  const consent = hiddenFields(consentHtml);
  check(consent.has('ticket') && consent.get('action') === 'consent', 'the consent form carries a ticket and action=consent');
  consent.set('decision', 'allow');

  const redirect = await postForm(authorizationUrl, consent);
  check(redirect.status === 302, `consent answered ${redirect.status}: ${await redirect.text()}`);
  return new URL(redirect.headers.get('location'));
}

/**
 * A whole authorization code flow with PKCE for the user in USER_NAME: buildAuthorizationUrl, the forms, and
 * authorizationCodeGrant with openid-client's checks of state, iss, PKCE and the ID token's nonce.
 */
export async function codeFlow(config, scope) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: env('REDIRECT_URI'),
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await signInAndConsent(authorizationUrl, env('USER_NAME'), env('USER_PASSWORD'));
  const checks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce };
  const tokens = await client.authorizationCodeGrant(config, callback, checks);
  return { tokens, callback, checks };
}

function postForm(url, form) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

/** The name/value pairs of a page's <input type="hidden"> elements, HTML entities decoded. */
export function hiddenFields(html) {
  const fields = new URLSearchParams();
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    const attributes = Object.fromEntries([...input.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name, decodeEntities(value)]));
    if (attributes.type === 'hidden' && attributes.name) {
      fields.append(attributes.name, attributes.value ?? '');
    }
  }
  return fields;
}

function decodeEntities(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (entity, body) => {
    if (body[0] === '#') {
      return String.fromCodePoint(body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
    }
    return named[body] ?? entity;
  });
}

/** Runs a flow: prints "RESULT {json}" and exits 0, or prints the failure (with the server's error body) and exits 1. */
export async function run(flow) {
  try {
    const result = await flow();
    console.log(`RESULT ${JSON.stringify(result)}`);
    process.exit(0);
  } catch (e) {
    console.error(`FAILED ${e?.stack ?? e}`);
    if (e?.cause !== undefined) {
      console.error(`cause: ${JSON.stringify(e.cause)}`);
    }
    process.exit(1);
  }
}

export { client };
