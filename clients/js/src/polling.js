// The client side of a deferred token request as a pure function, the same rules as the .NET SDK's PollingMachine:
// 1. a token ends it; any error other than slow_down and temporarily_unavailable ends it (an unknown error is terminal);
// 2. the first authorization_pending must carry a code and expires_in: the deadline is expires_in from now;
// 3. the next poll is never sooner than interval after the last answer (RFC 8628 §3.5);
// 4. slow_down adds 5 s to the interval, for this and every later poll;
// 5. a new interaction_uri is handed to the caller once, then polling goes on;
// 6. at the deadline the client stops with expired_token, never polling for ever.
// Times are milliseconds since the epoch; no clock and no I/O here, so each rule is a row of a table test.
import { EXPIRED_TOKEN, INVALID_RESPONSE, SLOW_DOWN, TEMPORARILY_UNAVAILABLE } from './wire.js';

/** RFC 8628 §3.2: without an interval the client waits 5 s. */
export const DEFAULT_INTERVAL_MS = 5000;
/** RFC 8628 §3.5: each slow_down adds 5 s. */
export const SLOW_DOWN_STEP_MS = 5000;

/** Before the token request's answer. */
export const initialState = Object.freeze({
  code: null,
  deadline: Number.POSITIVE_INFINITY,
  intervalMs: DEFAULT_INTERVAL_MS,
  nextPollAt: 0,
  interactionUri: null,
  polls: 0,
});

/**
 * @param state the state so far
 * @param answer {kind:'issued', token} | {kind:'pending', code, expiresIn, interval, description, interactionUri}
 *   | {kind:'error', error, description, retryAfterMs} | {kind:'tick'}
 * @param now milliseconds
 * @returns [state, action]: action is {kind:'done', token} | {kind:'fail', error, description}
 *   | {kind:'wait', delayMs, progress} | {kind:'poll', code} | {kind:'interaction', uri}
 */
export function next(state, answer, now) {
  switch (answer.kind) {
    case 'issued':
      return [state, { kind: 'done', token: answer.token }];
    case 'pending':
      return onPending(state, answer, now);
    case 'error':
      return onError(state, answer, now);
    case 'tick':
      return onTick(state, now);
    default:
      throw new TypeError(`unknown answer ${answer.kind}`);
  }
}

function onPending(state, pending, now) {
  if (state.code === null) {
    // DTR: the deferred response carries the code, its lifetime and the interval.
    if (!pending.code || !(pending.expiresIn > 0)) {
      return [state, invalid('a deferred response without deferral_code and expires_in')];
    }
    const intervalMs = pending.interval > 0 ? pending.interval * 1000 : DEFAULT_INTERVAL_MS;
    state = { ...initialState, code: pending.code, deadline: now + pending.expiresIn * 1000, intervalMs, nextPollAt: now + intervalMs };
  } else {
    // A later answer may only lengthen the interval: a shorter one would poll faster than agreed.
    const intervalMs = pending.interval > 0 && pending.interval * 1000 > state.intervalMs ? pending.interval * 1000 : state.intervalMs;
    state = { ...state, intervalMs, nextPollAt: now + intervalMs };
  }

  if (pending.interactionUri && pending.interactionUri !== state.interactionUri) {
    return [{ ...state, interactionUri: pending.interactionUri }, { kind: 'interaction', uri: pending.interactionUri }];
  }
  return [state, wait(state, now, progress(state, pending, now))];
}

function onError(state, error, now) {
  if (state.code === null) {
    return [state, fail(error.error, error.description)];
  }
  switch (error.error) {
    case SLOW_DOWN: {
      // RFC 8628 §3.5: the interval grows by 5 s, cumulatively.
      const intervalMs = state.intervalMs + SLOW_DOWN_STEP_MS;
      state = { ...state, intervalMs, nextPollAt: now + intervalMs };
      return [state, wait(state, now, null)];
    }
    case TEMPORARILY_UNAVAILABLE: {
      // RFC 6749 §5.2 and RFC 9110 §10.2.3: wait the server's Retry-After, never less than the interval.
      const pause = error.retryAfterMs > state.intervalMs ? error.retryAfterMs : state.intervalMs;
      state = { ...state, nextPollAt: now + pause };
      return [state, wait(state, now, null)];
    }
    default:
      return [state, fail(error.error, error.description)];
  }
}

function onTick(state, now) {
  if (state.code === null) {
    return [state, invalid('nothing to wait for: no deferral was started')];
  }
  // DTR: the code is dead after expires_in; polling on would only collect expired_token.
  if (now >= state.deadline) {
    return [state, fail(EXPIRED_TOKEN, 'the deferral expired before it was approved')];
  }
  if (now < state.nextPollAt) {
    return [state, wait(state, now, null)];
  }
  return [{ ...state, polls: state.polls + 1 }, { kind: 'poll', code: state.code }];
}

function wait(state, now, report) {
  const until = Math.min(state.nextPollAt, state.deadline);
  return { kind: 'wait', delayMs: Math.max(0, until - now), progress: report };
}

/** The server's opaque progress description (`step=quorum;approved=1;required=2`) read where it has that shape. */
export function progress(state, pending, now) {
  const fields = {};
  for (const part of (pending.description ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) {
      fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();
    }
  }
  const approved = /^\d+$/.test(fields.approved ?? '') ? Number(fields.approved) : null;
  const required = /^\d+$/.test(fields.required ?? '') ? Number(fields.required) : null;
  const step = fields.step ?? null;
  let text = 'waiting for approval';
  if (step !== null) text += `, step=${step}`;
  if (approved !== null && required !== null) text += `, ${approved} of ${required}`;
  else if (step === null && pending.description) text += `, ${pending.description}`;
  return {
    deferralCode: state.code,
    step,
    approved,
    required,
    description: pending.description ?? null,
    nextPollInMs: Math.max(0, state.nextPollAt - now),
    expiresAt: state.deadline,
    text,
  };
}

function fail(error, description) {
  return { kind: 'fail', error, description: description ?? null };
}

function invalid(description) {
  return fail(INVALID_RESPONSE, description);
}
