// secp256k1 ECDSA signing as the chain and the gateway check it: SHA-256 of the message,
// RFC 6979 deterministic nonces (HMAC-SHA256), low-s, 64-byte r||s, 33-byte compressed
// public keys. BigInt arithmetic; SHA-256 and HMAC from WebCrypto.
//
// Not constant-time: a page that signs a sign-in challenge with a key its user typed in
// leaks timing only to code already running in that page.

import { concat, fromBigInt, sha256, toBigInt } from './bytes.js';

/** The field prime. */
export const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
/** The group order. */
export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const G = {
  x: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  y: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
};

function mod(a, m) {
  const r = a % m;
  return r >= 0n ? r : r + m;
}

/** The inverse of `a` modulo prime `m` (extended Euclid). */
function invert(a, m) {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('no inverse');
  return mod(s0, m);
}

// Points are {x, y} in affine coordinates, null the point at infinity.
function add(p, q) {
  if (p === null) return q;
  if (q === null) return p;
  let slope;
  if (p.x === q.x) {
    if (mod(p.y + q.y, P) === 0n) return null;
    slope = mod(3n * p.x * p.x * invert(2n * p.y, P), P);
  } else {
    slope = mod((q.y - p.y) * invert(q.x - p.x, P), P);
  }
  const x = mod(slope * slope - p.x - q.x, P);
  return { x, y: mod(slope * (p.x - x) - p.y, P) };
}

function multiply(k, point) {
  let result = null;
  let addend = point;
  for (let n = k; n > 0n; n >>= 1n) {
    if (n & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

/** The private key scalar of 32 bytes, refused outside 1..N-1. */
export function scalarOf(privateKey) {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new TypeError('a secp256k1 private key is 32 bytes');
  }
  const d = toBigInt(privateKey);
  if (d === 0n || d >= N) throw new RangeError('the private key is not in 1..n-1');
  return d;
}

/** The 33-byte compressed public key of a 32-byte private key. */
export function publicKey(privateKey) {
  const point = multiply(scalarOf(privateKey), G);
  return concat(Uint8Array.of(point.y & 1n ? 3 : 2), fromBigInt(point.x, 32));
}

async function hmac(key, ...parts) {
  const k = await globalThis.crypto.subtle.importKey(
    'raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'],
  );
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, concat(...parts)));
}

/** RFC 6979 section 3.2 nonces for key `d` and digest `h1`, in the order they are tried. */
async function* nonces(d, h1) {
  const x = fromBigInt(d, 32);
  const h = fromBigInt(mod(toBigInt(h1), N), 32);
  let v = new Uint8Array(32).fill(1);
  let k = new Uint8Array(32);
  k = await hmac(k, v, Uint8Array.of(0), x, h);
  v = await hmac(k, v);
  k = await hmac(k, v, Uint8Array.of(1), x, h);
  v = await hmac(k, v);
  for (;;) {
    v = await hmac(k, v);
    const candidate = toBigInt(v);
    if (candidate > 0n && candidate < N) yield candidate;
    k = await hmac(k, v, Uint8Array.of(0));
    v = await hmac(k, v);
  }
}

/**
 * The signature of `message` (bytes) by `privateKey`: ECDSA over its SHA-256, 64 bytes r||s
 * with s in the lower half of the order (the form the chain accepts).
 */
export async function sign(privateKey, message) {
  const d = scalarOf(privateKey);
  const digest = await sha256(message);
  const z = mod(toBigInt(digest), N);
  for await (const k of nonces(d, digest)) {
    const r = mod(multiply(k, G).x, N);
    if (r === 0n) continue;
    let s = mod(invert(k, N) * (z + r * d), N);
    if (s === 0n) continue;
    if (s > N / 2n) s = N - s;
    return concat(fromBigInt(r, 32), fromBigInt(s, 32));
  }
  throw new Error('unreachable: the nonce sequence is endless');
}

/** The curve point of a 33-byte compressed public key. */
function decompress(publicKeyBytes) {
  if (publicKeyBytes.length !== 33 || (publicKeyBytes[0] !== 2 && publicKeyBytes[0] !== 3)) {
    throw new TypeError('a compressed secp256k1 public key is 33 bytes starting 02 or 03');
  }
  const x = toBigInt(publicKeyBytes.subarray(1));
  const ySquared = mod(x * x * x + 7n, P);
  let y = power(ySquared, (P + 1n) / 4n, P);
  if (mod(y * y, P) !== ySquared) throw new RangeError('not a point of the curve');
  if ((y & 1n) !== BigInt(publicKeyBytes[0] & 1)) y = P - y;
  return { x, y };
}

function power(base, exponent, m) {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b, m);
    b = mod(b * b, m);
  }
  return result;
}

/** True when `signature` (64 bytes r||s, low s) signs `message` under `publicKeyBytes`. */
export async function verify(publicKeyBytes, message, signature) {
  const point = decompress(publicKeyBytes);
  if (signature.length !== 64) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r === 0n || r >= N || s === 0n || s > N / 2n) return false;
  const z = mod(toBigInt(await sha256(message)), N);
  const w = invert(s, N);
  const sum = add(multiply(mod(z * w, N), G), multiply(mod(r * w, N), point));
  return sum !== null && mod(sum.x, N) === r;
}
