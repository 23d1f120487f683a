export { DeferredTokenClient, readAnswer } from './token-client.js';
export { withDeferredTokens } from './fetch.js';
export { DeferredTokenError } from './errors.js';
export { next, initialState, progress, DEFAULT_INTERVAL_MS, SLOW_DOWN_STEP_MS } from './polling.js';
export { bearerChallenge, parseWwwAuthenticate } from './challenge.js';
export { names, isAllowedScheme, chooseAuthorizationServer, audience } from './trust.js';
export { generateDpopKey, createDpopProof } from './dpop.js';
