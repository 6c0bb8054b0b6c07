// Bech32 (BIP-173) encoding of account addresses: `wasm1...`.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values) {
  let check = 1;
  for (const v of values) {
    const top = check >>> 25;
    check = ((check & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i += 1) {
      if ((top >>> i) & 1) check ^= GENERATOR[i];
    }
  }
  return check >>> 0;
}

function expandPrefix(prefix) {
  const high = Array.from(prefix, (c) => c.charCodeAt(0) >>> 5);
  const low = Array.from(prefix, (c) => c.charCodeAt(0) & 31);
  return [...high, 0, ...low];
}

/** Regroups 8-bit bytes into 5-bit words, the last one padded with zero bits. */
function toWords(bytes) {
  const words = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  return words;
}

/** The bech32 string of `bytes` under human-readable `prefix` (lower case). */
export function encode(prefix, bytes) {
  if (!/^[a-z0-9]+$/.test(prefix)) {
    throw new TypeError(`'${prefix}' is not a lower-case bech32 prefix`);
  }
  const words = toWords(bytes);
  const mod = polymod([...expandPrefix(prefix), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [];
  for (let i = 0; i < 6; i += 1) checksum.push((mod >>> (5 * (5 - i))) & 31);
  return `${prefix}1${[...words, ...checksum].map((w) => CHARSET[w]).join('')}`;
}
