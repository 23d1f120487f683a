import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialState, next } from '../src/index.js';

const token = { access_token: 'at', token_type: 'Bearer' };
const page = 'https://as.example/interact/1';
const deferred = (expiresIn = 600, interval = 5) => ({ kind: 'pending', code: 'code-1', expiresIn, interval, description: 'step=owner;approved=0;required=1' });
const stillPending = (interval = null) => ({ kind: 'pending', code: null, expiresIn: null, interval, description: null });
const error = (code, retryAfterMs = null) => ({ kind: 'error', error: code, description: null, retryAfterMs });
const tick = { kind: 'tick' };
const wait = (seconds) => ({ kind: 'wait', delayMs: seconds * 1000 });
const fail = (code, description = null) => ({ kind: 'fail', error: code, description });

function run(script) {
  let state = initialState;
  let action = null;
  for (const [at, answer] of script) [state, action] = next(state, answer, at * 1000);
  return [state, action];
}

// One row per rule of the polling state machine: a script of answers at seconds after the request, and the last action.
const cases = [
  ['a token at once ends it', [[0, { kind: 'issued', token }]], { kind: 'done', token }],
  ['an error to the token request itself ends it', [[0, error('invalid_scope')]], fail('invalid_scope')],
  ['a deferred response without a code is invalid', [[0, { ...deferred(), code: null }]], fail('invalid_response', 'a deferred response without deferral_code and expires_in')],
  ['a deferred response without expires_in is invalid', [[0, { ...deferred(), expiresIn: null }]], fail('invalid_response', 'a deferred response without deferral_code and expires_in')],
  ['a tick with nothing deferred is invalid', [[0, tick]], fail('invalid_response', 'nothing to wait for: no deferral was started')],
  ['the deferral is polled no sooner than interval', [[0, deferred()], [4, tick]], wait(1)],
  ['at interval it polls with the code', [[0, deferred()], [5, tick]], { kind: 'poll', code: 'code-1' }],
  ['without interval the default 5 s applies', [[0, deferred(600, null)], [4.5, tick]], wait(0.5)],
  ['slow_down adds 5 s', [[0, deferred()], [5, tick], [5, error('slow_down')], [14, tick]], wait(1)],
  ['slow_down is cumulative', [[0, deferred()], [5, tick], [5, error('slow_down')], [15, tick], [15, error('slow_down')], [29, tick]], wait(1)],
  ['after two slow_downs the poll waits 15 s', [[0, deferred()], [5, tick], [5, error('slow_down')], [15, tick], [15, error('slow_down')], [30, tick]], { kind: 'poll', code: 'code-1' }],
  ['a later pending cannot shorten the interval', [[0, deferred(600, 10)], [10, tick], [10, stillPending(1)], [19, tick]], wait(1)],
  ['a later pending may lengthen the interval', [[0, deferred()], [5, tick], [5, stillPending(20)], [20, tick]], wait(5)],
  ['a wait never runs past the deadline', [[0, deferred(8, 5)], [5, tick], [5, stillPending()]], wait(3)],
  ['at the deadline it stops with expired_token', [[0, deferred(8, 5)], [5, tick], [5, stillPending()], [8, tick]], fail('expired_token', 'the deferral expired before it was approved')],
  ['access_denied ends it', [[0, deferred()], [5, tick], [5, error('access_denied')]], fail('access_denied')],
  ['an unknown error is terminal', [[0, deferred()], [5, tick], [5, error('no_such_error')]], fail('no_such_error')],
  ['temporarily_unavailable waits the Retry-After', [[0, deferred()], [5, tick], [5, error('temporarily_unavailable', 30_000)]], wait(30)],
  ['a Retry-After shorter than interval waits the interval', [[0, deferred()], [5, tick], [5, error('temporarily_unavailable', 1000)]], wait(5)],
  ['interaction_uri is handed over', [[0, { ...deferred(), interactionUri: page }]], { kind: 'interaction', uri: page }],
  ['the same interaction_uri is handed over once', [[0, { ...deferred(), interactionUri: page }], [0, tick], [5, tick], [5, { ...stillPending(), interactionUri: page }]], wait(5)],
  ['the token after polls ends it', [[0, deferred()], [5, tick], [5, { kind: 'issued', token }]], { kind: 'done', token }],
];

for (const [because, script, expected] of cases) {
  test(`next: ${because}`, () => {
    const [, action] = run(script);
    const { progress, ...decided } = action;
    assert.deepEqual(decided, expected);
  });
}

test('next: the deferred response reports progress with the quorum', () => {
  const [, action] = run([[0, deferred()]]);
  assert.equal(action.progress.text, 'waiting for approval, step=owner, 0 of 1');
  assert.equal(action.progress.expiresAt, 600_000);
  assert.equal(action.progress.nextPollInMs, 5000);
});

test('next: polls are counted', () => {
  const [state] = run([[0, deferred()], [5, tick], [5, stillPending()], [10, tick]]);
  assert.equal(state.polls, 2);
});
