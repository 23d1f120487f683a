// Types of @deferred-orleans/client (the sources are plain ESM JavaScript).

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  refresh_token?: string;
  issued_token_type?: string;
  [member: string]: unknown;
}

export interface DeferralProgress {
  deferralCode: string;
  /** "waiting for approval, step=quorum, 1 of 2" */
  text: string;
  step?: string | null;
  approved?: number | null;
  required?: number | null;
  description?: string | null;
  interactionUri?: string;
  nextPollInMs?: number;
  /** Milliseconds since the epoch: the client gives up then. */
  expiresAt: number;
}

export interface DeferredTokenClientOptions {
  issuer?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  clientId: string;
  /** client_secret_basic when set; a public client otherwise. */
  clientSecret?: string;
  /** Sign RFC 9449 DPoP proofs with this key (see generateDpopKey). */
  dpopKey?: CryptoKeyPair;
  /** Allow plain http (development only). */
  allowHttp?: boolean;
  onInteractionRequired?: (interactionUri: string) => void | Promise<void>;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestTokenOptions {
  /** Aborting revokes a pending deferral, then rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: DeferralProgress) => void;
  /** Send completion_mode=deferred (default true). */
  optInToDeferral?: boolean;
}

export class DeferredTokenClient {
  constructor(options: DeferredTokenClientOptions);
  discover(signal?: AbortSignal): Promise<Record<string, unknown> | null>;
  requestToken(grantType: string, parameters?: Record<string, string> | Array<[string, string]>, options?: RequestTokenOptions): Promise<TokenResponse>;
  revokeDeferral(deferralCode: string): Promise<boolean>;
}

export class DeferredTokenError extends Error {
  constructor(error: string, description?: string | null);
  readonly error: string;
  readonly description: string | null;
  readonly isDenied: boolean;
  readonly isExpired: boolean;
}

export interface DeferredFetchOptions {
  clientId: string;
  clientSecret?: string;
  /** The only issuers whose tokens are requested. */
  trustedAuthorizationServers: string[];
  /** Resource servers (origins) whose metadata may name a token_audience other than their own URL. */
  trustedResourceServers?: string[];
  allowHttp?: boolean;
  /** A user's token to exchange (RFC 8693) instead of client_credentials. */
  subjectToken?: () => Promise<string>;
  dpopKey?: CryptoKeyPair;
  onProgress?: (progress: DeferralProgress) => void;
  onInteractionRequired?: (interactionUri: string) => void | Promise<void>;
  /** Hears why a challenge was not answered. */
  onRefused?: (reason: string) => void;
  /** A cached token is dropped this long before it expires (default 30 000). */
  expirySkewMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export function withDeferredTokens(options: DeferredFetchOptions): typeof fetch;

export interface BearerChallenge {
  scheme: string;
  error: string | null;
  errorDescription: string | null;
  scope: string | null;
  resourceMetadata: string | null;
}

export function bearerChallenge(response: Response): BearerChallenge | null;
export function parseWwwAuthenticate(value: string | null): Array<{ scheme: string; params: Record<string, string>; token68?: string }>;

export interface PollState {
  code: string | null;
  deadline: number;
  intervalMs: number;
  nextPollAt: number;
  interactionUri: string | null;
  polls: number;
}

export type ServerAnswer =
  | { kind: 'issued'; token: TokenResponse }
  | { kind: 'pending'; code: string | null; expiresIn: number | null; interval: number | null; description: string | null; interactionUri?: string | null }
  | { kind: 'error'; error: string; description: string | null; retryAfterMs?: number | null }
  | { kind: 'tick' };

export type PollAction =
  | { kind: 'done'; token: TokenResponse }
  | { kind: 'fail'; error: string; description: string | null }
  | { kind: 'wait'; delayMs: number; progress: DeferralProgress | null }
  | { kind: 'poll'; code: string }
  | { kind: 'interaction'; uri: string };

export const initialState: Readonly<PollState>;
export const DEFAULT_INTERVAL_MS: number;
export const SLOW_DOWN_STEP_MS: number;
export function next(state: PollState, answer: ServerAnswer, now: number): [PollState, PollAction];
export function progress(state: PollState, pending: ServerAnswer & { kind: 'pending' }, now: number): DeferralProgress;
export function readAnswer(response: Response): Promise<ServerAnswer>;

export function names(resource: string, request: string): boolean;
export function isAllowedScheme(url: string, allowHttp: boolean): boolean;
export function chooseAuthorizationServer(metadata: { authorization_servers?: string[] }, trusted: string[]): string | null;
export function audience(metadata: { resource: string; token_audience?: string }, trustedResourceServers: string[]): string | null;

export function generateDpopKey(): Promise<CryptoKeyPair>;
export function createDpopProof(keyPair: CryptoKeyPair, method: string, url: string, options?: { nonce?: string | null; accessToken?: string; now?: number }): Promise<string>;
