import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audience, chooseAuthorizationServer, isAllowedScheme, names } from '../src/index.js';

const metadata = (tokenAudience, ...servers) => ({
  resource: 'https://docs.example/docs/doc-789',
  authorization_servers: servers.length ? servers : ['https://as.example'],
  token_audience: tokenAudience,
});

for (const [resource, request, expected] of [
  ['https://docs.example', 'https://docs.example/docs/doc-789', true],
  ['https://docs.example/docs/doc-789', 'https://docs.example/docs/doc-789', true],
  ['https://docs.example/docs/doc-789', 'https://docs.example/docs/doc-789/history', true],
  ['https://docs.example/docs/doc-789', 'https://docs.example/docs/doc-7890', false],
  ['https://docs.example/docs/doc-789', 'https://docs.example/docs/doc-1', false],
  ['https://docs.example', 'http://docs.example/docs', false],
  ['https://docs.example', 'https://docs.example:8443/docs', false],
  ['https://docs.example', 'https://evil.example/docs', false],
]) {
  test(`names: ${resource} ${expected ? 'names' : 'does not name'} ${request}`, () => assert.equal(names(resource, request), expected));
}

test('isAllowedScheme: https always, http only when allowed', () => {
  assert.equal(isAllowedScheme('https://as.example/', false), true);
  assert.equal(isAllowedScheme('http://as.example/', false), false);
  assert.equal(isAllowedScheme('http://localhost:5080/', true), true);
  assert.equal(isAllowedScheme('ftp://as.example/', true), false);
});

test('chooseAuthorizationServer: picks the trusted one, or none', () => {
  assert.equal(chooseAuthorizationServer(metadata(undefined, 'https://evil.example', 'https://as.example/'), ['https://as.example']), 'https://as.example/');
  assert.equal(chooseAuthorizationServer(metadata(undefined, 'https://evil.example'), ['https://as.example']), null);
});

test('audience: the resource URL, a trusted server\'s named audience, never an untrusted one\'s', () => {
  assert.equal(audience(metadata(undefined), []), 'https://docs.example/docs/doc-789');
  assert.equal(audience(metadata('doc-789'), ['https://docs.example']), 'doc-789');
  assert.equal(audience(metadata('payroll-api'), ['https://other.example']), null);
});
