// The talk's seven steps through this package, against the real server and the sample Docs API, which
// tests/DeferredOrleans.ProcessTests starts as processes and names in DTR_ISSUER and DTR_DOCS_URL. Alice decides
// through the approval API. Without those variables the tests are reported as skipped, never as passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeferredTokenError, withDeferredTokens } from '../src/index.js';

const issuer = process.env.DTR_ISSUER;
const docs = process.env.DTR_DOCS_URL;
const skip = !issuer || !docs ? 'set DTR_ISSUER and DTR_DOCS_URL (the process tests do)' : false;

function agent(log) {
  return withDeferredTokens({
    clientId: 'agent',
    clientSecret: 'agent-secret',
    trustedAuthorizationServers: [issuer],
    trustedResourceServers: [docs],
    allowHttp: true,
    onProgress: (p) => log.push(p.text),
    onRefused: (reason) => log.push(reason),
  });
}

async function asAlice(path, init = {}) {
  const response = await fetch(new URL(path, issuer), {
    ...init,
    headers: { authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}`, 'content-type': 'application/json' },
  });
  return response.json();
}

/** Steps 4 and 5: the request reaches alice (the agent never named her); she decides once the agent has polled. */
async function aliceDecides(decision, log, progressed = 'waiting for approval, step=owner, 0 of 1') {
  for (let i = 0; i < 240; i++) {
    const { items } = await asAlice('/approvals');
    if (items.length > 0 && log.includes(progressed)) {
      return asAlice(`/approvals/${items.at(-1).id}/${decision}`, { method: 'POST', body: '{}' });
    }
    await sleep(250);
  }
  throw new Error(`alice saw no request: ${JSON.stringify(log)}`);
}

async function documentVersion(deferredFetch) {
  const response = await deferredFetch(`${docs}/docs/doc-789`);
  assert.equal(response.status, 200);
  return (await response.json()).version;
}

test('seven steps: the owner approves and the retried write succeeds', { skip }, async () => {
  const log = [];
  const deferredFetch = agent(log);
  const list = await deferredFetch(`${docs}/docs`);
  assert.equal(list.status, 200);
  assert.ok((await list.json()).some((d) => d.id === 'doc-789' && d.owner === 'alice'));
  const before = await documentVersion(deferredFetch);

  const [write] = await Promise.all([
    deferredFetch(`${docs}/docs/doc-789`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'from node' }) }),
    aliceDecides('approve', log),
  ]);

  assert.equal(write.status, 200);
  assert.deepEqual(await write.json(), { id: 'doc-789', title: "Alice's plan", owner: 'alice', content: 'from node', version: before + 1 });
});

test('seven steps: the owner denies, the agent gets access_denied and nothing is written', { skip }, async () => {
  const log = [];
  const deferredFetch = agent(log);
  const before = await documentVersion(deferredFetch);

  const [write] = await Promise.allSettled([
    deferredFetch(`${docs}/docs/doc-789`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'never' }) }),
    aliceDecides('deny', log),
  ]);

  assert.equal(write.status, 'rejected');
  assert.ok(write.reason instanceof DeferredTokenError && write.reason.isDenied, String(write.reason));
  assert.equal(await documentVersion(deferredFetch), before);
});

test('aborting the wait withdraws the request from alice\'s inbox', { skip }, async () => {
  const log = [];
  const deferredFetch = agent(log);
  const abort = new AbortController();

  const write = deferredFetch(`${docs}/docs/doc-789`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"content":"x"}', signal: abort.signal });
  while (!log.some((line) => line.startsWith('waiting for approval'))) await sleep(100);
  assert.equal((await asAlice('/approvals')).items.length, 1);
  abort.abort();

  await assert.rejects(write, { name: 'AbortError' });
  assert.equal((await asAlice('/approvals')).items.length, 0);
});

test('a challenge naming an authorization server nobody trusts is returned as it came', { skip }, async () => {
  const refused = [];
  const deferredFetch = withDeferredTokens({ clientId: 'agent', clientSecret: 'agent-secret', trustedAuthorizationServers: ['https://as.example'], allowHttp: true, onRefused: (r) => refused.push(r) });

  const response = await deferredFetch(`${docs}/docs`);

  assert.equal(response.status, 401);
  assert.match(refused[0], /none of its authorization servers \(.*\) is trusted/);
});
