import { ACCESS_DENIED, EXPIRED_TOKEN } from './wire.js';

/**
 * The token request ended without a token: `error` is the OAuth error (`access_denied`, `expired_token`,
 * `invalid_grant`, …, or `invalid_response` when the server's answer made no sense).
 */
export class DeferredTokenError extends Error {
  constructor(error, description) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'DeferredTokenError';
    this.error = error;
    this.description = description ?? null;
  }

  /** The approver (or the policy) said no. */
  get isDenied() {
    return this.error === ACCESS_DENIED;
  }

  /** Nobody decided in time. */
  get isExpired() {
    return this.error === EXPIRED_TOKEN;
  }
}
