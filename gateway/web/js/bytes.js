// Byte helpers shared by the crypto modules: hex, base64, UTF-8 and big-endian integers.

const HEX = /^[0-9a-fA-F]*$/;

/** The bytes of a hex string (an even number of hex digits, optional 0x). */
export function fromHex(text) {
  const hex = text.trim().replace(/^0x/i, '');
  if (hex.length % 2 !== 0 || !HEX.test(hex)) {
    throw new TypeError('not an even number of hex digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Standard base64 (with padding) of `bytes`. */
export function toBase64(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The bytes of standard base64 text. */
export function fromBase64(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** UTF-8 bytes of `text`. */
export function utf8(text) {
  return new TextEncoder().encode(text);
}

/** `a` and `b` and ... joined. */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The unsigned big-endian integer of `bytes`. */
export function toBigInt(bytes) {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** `n` as `length` big-endian bytes. */
export function fromBigInt(n, length) {
  const hex = n.toString(16).padStart(2 * length, '0');
  if (hex.length > 2 * length) throw new RangeError(`does not fit in ${length} bytes`);
  return fromHex(hex);
}

/** SHA-256 of `bytes` through WebCrypto (browsers and Node 20 alike). */
export async function sha256(bytes) {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}
