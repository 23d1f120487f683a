import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerChallenge, parseWwwAuthenticate } from '../src/index.js';

const respond = (status, header) => new Response(null, { status, headers: header ? { 'www-authenticate': header } : {} });

test('bearerChallenge: insufficient_scope with resource_metadata reads every parameter', () => {
  const challenge = bearerChallenge(respond(403,
    'Bearer error="insufficient_scope", error_description="writing needs \\"doc:write\\"", scope="doc:write", resource_metadata="https://docs.example/.well-known/oauth-protected-resource/docs/doc-789"'));
  assert.deepEqual(challenge, {
    scheme: 'Bearer',
    error: 'insufficient_scope',
    errorDescription: 'writing needs "doc:write"',
    scope: 'doc:write',
    resourceMetadata: 'https://docs.example/.well-known/oauth-protected-resource/docs/doc-789',
  });
});

test('bearerChallenge: Basic then Bearer in one joined header picks the Bearer challenge', () => {
  const challenge = bearerChallenge(respond(401, 'Basic realm="x", Bearer resource_metadata="https://docs.example/.well-known/oauth-protected-resource"'));
  assert.equal(challenge.resourceMetadata, 'https://docs.example/.well-known/oauth-protected-resource');
  assert.equal(challenge.error, null);
});

test('bearerChallenge: not a Bearer challenge of a 401 or 403 is null', () => {
  assert.equal(bearerChallenge(respond(400, 'Bearer error="invalid_request"')), null);
  assert.equal(bearerChallenge(respond(401, 'Basic realm="approvals"')), null);
  assert.equal(bearerChallenge(respond(401, null)), null);
});

test('bearerChallenge: token values are read and a relative or non-http resource_metadata is dropped', () => {
  assert.deepEqual(bearerChallenge(respond(401, 'DPoP error=invalid_token, algs="ES256", resource_metadata="/relative"')),
    { scheme: 'DPoP', error: 'invalid_token', errorDescription: null, scope: null, resourceMetadata: null });
  assert.equal(bearerChallenge(respond(401, 'Bearer resource_metadata="file:///etc/passwd"')).resourceMetadata, null);
});

test('parseWwwAuthenticate: token68, several challenges and repeated parameters', () => {
  assert.deepEqual(parseWwwAuthenticate('Negotiate abc==, Bearer realm="a", realm="b", DPoP algs="ES256 PS256"'), [
    { scheme: 'Negotiate', params: {}, token68: 'abc==' },
    { scheme: 'Bearer', params: { realm: 'a' } },
    { scheme: 'DPoP', params: { algs: 'ES256 PS256' } },
  ]);
});
