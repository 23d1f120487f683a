// The OAuth wire strings this package reads and sends; nowhere else spells one.

// RFC 6749 §5.2, RFC 8628 §3.5 and the DTR draft: the answers a poll can get.
export const AUTHORIZATION_PENDING = 'authorization_pending';
export const SLOW_DOWN = 'slow_down';
export const EXPIRED_TOKEN = 'expired_token';
export const ACCESS_DENIED = 'access_denied';
export const INTERACTION_REQUIRED = 'interaction_required';
export const TEMPORARILY_UNAVAILABLE = 'temporarily_unavailable';
export const INVALID_RESPONSE = 'invalid_response';
// RFC 9449 §8
export const USE_DPOP_NONCE = 'use_dpop_nonce';
// RFC 6750 §3.1
export const INVALID_TOKEN = 'invalid_token';
export const INSUFFICIENT_SCOPE = 'insufficient_scope';

// DTR: the opt-in, the handle, its CIBA alias and the poll grant.
export const COMPLETION_MODE = 'completion_mode';
export const DEFERRED = 'deferred';
export const DEFERRAL_CODE = 'deferral_code';
export const AUTH_REQ_ID = 'auth_req_id';
export const DEFERRED_GRANT = 'urn:ietf:params:oauth:grant-type:deferred';
export const DEFERRAL_CODE_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:deferral-code';

export const CLIENT_CREDENTIALS_GRANT = 'client_credentials';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// RFC 8414 §3 and RFC 9728 §3
export const AUTHORIZATION_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';
export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
