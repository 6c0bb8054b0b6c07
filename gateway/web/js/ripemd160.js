// RIPEMD-160, which WebCrypto lacks and a Cosmos address needs: address bytes are
// RIPEMD-160(SHA-256(compressed public key)).

const ROUNDS_LEFT = {
  r: [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
    3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
    1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
    4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
  ],
  s: [
    11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
    7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
    11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
    11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
    9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
  ],
  k: [0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e],
};

const ROUNDS_RIGHT = {
  r: [
    5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
    6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
    15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
    8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
    12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
  ],
  s: [
    8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
    9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
    9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
    15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
    8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
  ],
  k: [0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000],
};

// The five boolean functions; the right line uses them in reverse order.
function f(round, x, y, z) {
  switch (round) {
    case 0: return x ^ y ^ z;
    case 1: return (x & y) | (~x & z);
    case 2: return (x | ~y) ^ z;
    case 3: return (x & z) | (y & ~z);
    default: return x ^ (y | ~z);
  }
}

function rotl(x, n) {
  return (x << n) | (x >>> (32 - n));
}

function compress(h, words) {
  let [al, bl, cl, dl, el] = h;
  let [ar, br, cr, dr, er] = h;
  for (let j = 0; j < 80; j += 1) {
    const round = Math.floor(j / 16);
    let t = (al + f(round, bl, cl, dl) + words[ROUNDS_LEFT.r[j]] + ROUNDS_LEFT.k[round]) | 0;
    t = (rotl(t, ROUNDS_LEFT.s[j]) + el) | 0;
    al = el; el = dl; dl = rotl(cl, 10); cl = bl; bl = t;
    t = (ar + f(4 - round, br, cr, dr) + words[ROUNDS_RIGHT.r[j]] + ROUNDS_RIGHT.k[round]) | 0;
    t = (rotl(t, ROUNDS_RIGHT.s[j]) + er) | 0;
    ar = er; er = dr; dr = rotl(cr, 10); cr = br; br = t;
  }
  const t = (h[1] + cl + dr) | 0;
  h[1] = (h[2] + dl + er) | 0;
  h[2] = (h[3] + el + ar) | 0;
  h[3] = (h[4] + al + br) | 0;
  h[4] = (h[0] + bl + cr) | 0;
  h[0] = t;
}

/** RIPEMD-160 of `bytes` (a Uint8Array): 20 bytes. */
export function ripemd160(bytes) {
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = bytes.length * 8;
  view.setUint32(padded.length - 8, bits >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bits / 0x100000000), true);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const words = new Array(16);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i += 1) words[i] = view.getInt32(block + 4 * i, true);
    compress(h, words);
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setInt32(4 * i, word, true));
  return out;
}
