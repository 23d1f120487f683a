// RFC 9449 DPoP proofs with WebCrypto (ES256), so the package needs no dependency.
import { webcrypto } from 'node:crypto';

const subtle = globalThis.crypto?.subtle ?? webcrypto.subtle;
const encoder = new TextEncoder();

/** A new non-extractable P-256 key pair for DPoP. */
export function generateDpopKey() {
  return subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

/**
 * RFC 9449 §4.2: a proof for one request: htm, htu (without query and fragment), iat, a fresh jti, the server's
 * nonce when it gave one (§8), and ath, the hash of the access token, when presenting one to a resource (§7.1).
 */
export async function createDpopProof(keyPair, method, url, { nonce, accessToken, now = Date.now() } = {}) {
  const { kty, crv, x, y } = await subtle.exportKey('jwk', keyPair.publicKey);
  const target = new URL(url);
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } };
  const payload = {
    jti: webcrypto.randomUUID(),
    htm: method.toUpperCase(),
    htu: `${target.origin}${target.pathname}`,
    iat: Math.floor(now / 1000),
  };
  if (nonce) payload.nonce = nonce;
  if (accessToken) payload.ath = base64url(new Uint8Array(await subtle.digest('SHA-256', encoder.encode(accessToken))));
  const input = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(payload)))}`;
  // WebCrypto's ECDSA signature is already the JWS form (r || s), RFC 7518 §3.4.
  const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keyPair.privateKey, encoder.encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

function base64url(bytes) {
  return Buffer.from(bytes).toString('base64url');
}
