// Requests a token with any grant and returns when it is issued, waiting through a Deferred Token Response as
// polling.js decides. Aborting the signal while a deferral is pending revokes it (RFC 7009 with the code as the
// token), so nobody is asked to approve what the client no longer wants.
import { setTimeout as sleep } from 'node:timers/promises';
import { createDpopProof } from './dpop.js';
import { DeferredTokenError } from './errors.js';
import { initialState, next } from './polling.js';
import * as wire from './wire.js';
import { webAddress } from './challenge.js';

const REVOCATION_TIMEOUT_MS = 10_000;

export class DeferredTokenClient {
  #options;
  #metadata = null;
  #dpopNonce = null;

  /**
   * @param options { issuer?, tokenEndpoint?, revocationEndpoint?, clientId, clientSecret?, dpopKey?, allowHttp?,
   *   onInteractionRequired?(uri), fetch?, now?(), sleep?(ms, signal) }
   */
  constructor(options) {
    if (!options?.issuer && !options?.tokenEndpoint) {
      throw new TypeError('Set the issuer (for discovery) or the token endpoint.');
    }
    this.#options = { fetch: globalThis.fetch, now: Date.now, sleep: (ms, signal) => sleep(ms, undefined, { signal }), ...options };
  }

  /** RFC 8414 discovery, once; the configured endpoints win over the document's. */
  async discover(signal) {
    const { issuer } = this.#options;
    if (!issuer) return null;
    if (!this.#metadata) {
      this.#requireSecure(issuer);
      const address = new URL(issuer);
      // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
      const url = `${address.origin}${wire.AUTHORIZATION_SERVER_METADATA_PATH}${address.pathname.replace(/\/+$/, '')}`;
      const response = await this.#options.fetch(url, { signal });
      if (!response.ok) throw new DeferredTokenError(wire.INVALID_RESPONSE, `the metadata answered HTTP ${response.status}`);
      const metadata = await response.json();
      // RFC 8414 §3.3: the document's issuer must be the one it was fetched for.
      if (typeof metadata.issuer !== 'string' || metadata.issuer.replace(/\/+$/, '') !== String(issuer).replace(/\/+$/, '')) {
        throw new DeferredTokenError(wire.INVALID_RESPONSE, `the metadata names issuer '${metadata.issuer}', not '${issuer}' (RFC 8414 §3.3)`);
      }
      if (!webAddress(metadata.token_endpoint)) throw new DeferredTokenError(wire.INVALID_RESPONSE, 'the metadata has no token_endpoint');
      this.#requireSecure(metadata.token_endpoint);
      this.#metadata = metadata;
    }
    return this.#metadata;
  }

  /**
   * Sends the request (with completion_mode=deferred unless optInToDeferral is false) and, if it is deferred, polls
   * until the token is issued. Rejects with DeferredTokenError for access_denied, expired_token and every other error,
   * and with the signal's reason after revoking the deferral when aborted.
   * @param grantType e.g. 'client_credentials'
   * @param parameters an object or [name, value] pairs (repeat resource as pairs)
   */
  async requestToken(grantType, parameters = {}, { signal, onProgress, optInToDeferral = true } = {}) {
    const endpoint = this.#options.tokenEndpoint ?? (await this.discover(signal)).token_endpoint;
    this.#requireSecure(endpoint);
    const form = new URLSearchParams([[ 'grant_type', grantType ], ...pairs(parameters)]);
    if (optInToDeferral) form.append(wire.COMPLETION_MODE, wire.DEFERRED);

    let state = initialState;
    try {
      let answer = await this.#postToken(endpoint, form, signal);
      for (;;) {
        let action;
        [state, action] = next(state, answer, this.#options.now());
        switch (action.kind) {
          case 'done':
            return action.token;
          case 'fail':
            throw new DeferredTokenError(action.error, action.description);
          case 'interaction':
            onProgress?.({ deferralCode: state.code, text: 'interaction required', interactionUri: action.uri, expiresAt: state.deadline });
            await this.#options.onInteractionRequired?.(action.uri);
            answer = { kind: 'tick' };
            break;
          case 'wait':
            if (action.progress) onProgress?.(action.progress);
            await this.#options.sleep(action.delayMs, signal);
            answer = { kind: 'tick' };
            break;
          case 'poll':
            answer = await this.#postToken(endpoint, new URLSearchParams([['grant_type', wire.DEFERRED_GRANT], [wire.DEFERRAL_CODE, action.code]]), signal);
            break;
        }
      }
    } catch (error) {
      if (signal?.aborted && state.code !== null) {
        // DTR "Cancellation": a client that no longer wants the token says so, and the approvers are spared.
        await this.revokeDeferral(state.code);
      }
      throw error;
    }
  }

  /** RFC 7009 with the deferral code as the token (DTR "Cancellation"); best effort: resolves to whether the server said 2xx. */
  async revokeDeferral(code) {
    try {
      const signal = AbortSignal.timeout(REVOCATION_TIMEOUT_MS);
      const endpoint = this.#options.revocationEndpoint ?? (await this.discover(signal))?.revocation_endpoint;
      if (!endpoint) return false;
      this.#requireSecure(endpoint);
      const response = await this.#post(endpoint, new URLSearchParams([[ 'token', code ], [ 'token_type_hint', wire.DEFERRAL_CODE_TOKEN_TYPE ]]), signal);
      return response.ok;
    } catch {
      return false;
    }
  }

  async #postToken(endpoint, form, signal) {
    return readAnswer(await this.#post(endpoint, form, signal));
  }

  /** One POST with client authentication and a DPoP proof; RFC 9449 §8: once more with the server's nonce if it asks. */
  async #post(endpoint, form, signal) {
    let response = await this.#send(endpoint, form, signal);
    if (this.#options.dpopKey && (response.status === 400 || response.status === 401) && response.headers.has('dpop-nonce')) {
      const body = await response.clone().json().catch(() => ({}));
      if (body.error === wire.USE_DPOP_NONCE) response = await this.#send(endpoint, form, signal);
    }
    return response;
  }

  async #send(endpoint, form, signal) {
    const { clientId, clientSecret, dpopKey } = this.#options;
    const body = new URLSearchParams(form);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (clientSecret) {
      // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
      const encode = (s) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
    } else {
      body.append('client_id', clientId);
    }
    if (dpopKey) {
      headers.dpop = await createDpopProof(dpopKey, 'POST', endpoint, { nonce: this.#dpopNonce, now: this.#options.now() });
    }
    const response = await this.#options.fetch(endpoint, { method: 'POST', headers, body, signal });
    const nonce = response.headers.get('dpop-nonce');
    if (nonce) this.#dpopNonce = nonce;
    return response;
  }

  #requireSecure(url) {
    if (!this.#options.allowHttp && new URL(url).protocol !== 'https:') {
      throw new DeferredTokenError(wire.INVALID_RESPONSE, `'${url}' is not https (allowed only in development)`);
    }
  }
}

/** The token endpoint's answer in the state machine's terms; anything that is not OAuth JSON is invalid_response. */
export async function readAnswer(response) {
  const json = await response.json().catch(() => null);
  if (response.ok) {
    return json && typeof json.access_token === 'string' && json.access_token
      ? { kind: 'issued', token: json }
      : { kind: 'error', error: wire.INVALID_RESPONSE, description: 'a success without access_token' };
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
  if (!json || typeof json.error !== 'string') {
    return response.status === 503
      ? { kind: 'error', error: wire.TEMPORARILY_UNAVAILABLE, description: 'HTTP 503', retryAfterMs }
      : { kind: 'error', error: wire.INVALID_RESPONSE, description: `HTTP ${response.status} without an OAuth error` };
  }
  const description = typeof json.error_description === 'string' ? json.error_description : null;
  if (json.error === wire.AUTHORIZATION_PENDING || json.error === wire.INTERACTION_REQUIRED) {
    // DTR: deferral_code; auth_req_id is its alias (CIBA's name), read when the code is absent.
    const code = text(json[wire.DEFERRAL_CODE]) ?? text(json[wire.AUTH_REQ_ID]);
    return {
      kind: 'pending',
      code,
      expiresIn: number(json.expires_in),
      interval: number(json.interval),
      description,
      interactionUri: json.error === wire.INTERACTION_REQUIRED ? webAddress(json.interaction_uri) : null,
    };
  }
  return { kind: 'error', error: json.error, description, retryAfterMs };
}

function pairs(parameters) {
  return Array.isArray(parameters) ? parameters : Object.entries(parameters).filter(([, v]) => v !== undefined && v !== null);
}

function text(value) {
  return typeof value === 'string' && value ? value : null;
}

function number(value) {
  return Number.isInteger(value) ? value : null;
}
