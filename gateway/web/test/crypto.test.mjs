// The browser's sign-in crypto against the vectors the gateway's Rust test checks with k256
// (vectors.json), so that what a page signs is what the gateway verifies.
// Run: node --test gateway/web/test/

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { webcrypto } from 'node:crypto';

import { accountOf, addressOf, signDoc, signIn } from '../js/adr036.js';
import { encode } from '../js/bech32.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../js/bytes.js';
import { ripemd160 } from '../js/ripemd160.js';
import { N, publicKey, sign, verify } from '../js/secp256k1.js';

// Node 18 (Debian bookworm's) has WebCrypto but not as a global, as browsers and Node 20 do.
globalThis.crypto ??= webcrypto;

const file = JSON.parse(await readFile(new URL('./vectors.json', import.meta.url), 'utf8'));

test('ripemd160 meets the published test vectors', () => {
  const cases = [
    ['', '9c1185a5c5e9fc54612808977ee8f548b2258d31'],
    ['abc', '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
    ['message digest', '5d0689ef49d2fae572b881b123a85ffa21595f36'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '9b752e45573d4b39f4dbd3323cab82bf63326bfb',
    ],
    ['a'.repeat(1000000), '52783243c1697bdbe16d37f97f68f08325dc1528'],
  ];
  for (const [text, digest] of cases) {
    assert.equal(toHex(ripemd160(utf8(text))), digest, `ripemd160 of ${text.slice(0, 20)}`);
  }
});

test('bech32 meets the published BIP-173 strings', () => {
  assert.equal(encode('a', new Uint8Array(0)), 'a12uel5l');
  // The 32 five-bit words 0..31 in a row are these 20 bytes.
  assert.equal(
    encode('abcdef', fromHex('00443214c74254b635cf84653a56d7c675be77df')),
    'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
  );
  assert.throws(() => encode('Wasm', new Uint8Array(20)), TypeError);
});

for (const v of file.vectors) {
  test(`vector of key ${v.private_key_hex.slice(0, 8)}... computes what k256 does`, async () => {
    const key = fromHex(v.private_key_hex);
    const account = await accountOf(key, file.prefix);
    assert.equal(toBase64(account.publicKey), v.public_key_base64);
    assert.equal(account.address, v.address);
    assert.equal(signDoc(v.address, utf8(v.message)), v.sign_doc);
    const login = await signIn(key, v.address, v.message);
    assert.deepEqual(login, {
      address: v.address,
      pub_key: v.public_key_base64,
      signature: v.signature_base64,
    });
    assert.equal(
      await verify(account.publicKey, utf8(v.sign_doc), fromBase64(v.signature_base64)),
      true,
    );
  });
}

test('every vector signature has a low s, and a flipped bit does not verify', async () => {
  const v = file.vectors[1];
  const signature = fromBase64(v.signature_base64);
  for (const w of file.vectors) {
    const s = BigInt(`0x${toHex(fromBase64(w.signature_base64).subarray(32))}`);
    assert.ok(s <= N / 2n, `high s in the vector of ${w.address}`);
  }
  const tampered = Uint8Array.from(signature);
  tampered[5] ^= 1;
  const pub = fromBase64(v.public_key_base64);
  assert.equal(await verify(pub, utf8(v.sign_doc), tampered), false);
  assert.equal(await verify(pub, utf8(`${v.sign_doc} `), signature), false);
});

test("Keplr's published ADR-036 signature verifies and its key derives its address", async () => {
  // The same vector the gateway's Rust tests use: the signer signed its own address.
  const address = 'cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud';
  const pub = fromBase64('A/MdHVpitzHNSdD1Zw3kY+L5PEIPyd9l6sD5i4aIfXp9');
  const signature = fromBase64(
    'vb78/y129cOiWyQkeFF8wCKZsOyzjpILnpEVZ72o5YUhEOmQZzVPcbUqWPLR7aZQ20j6vnYhIuCQN0HEG3igFg==',
  );
  assert.equal(await addressOf(pub, 'cosmos'), address);
  assert.equal(await verify(pub, utf8(signDoc(address, utf8(address))), signature), true);
});

test('keys outside 1..n-1 are refused', () => {
  assert.throws(() => publicKey(new Uint8Array(32)), RangeError);
  assert.throws(() => publicKey(fromHex(N.toString(16))), RangeError);
  assert.throws(() => publicKey(new Uint8Array(31)), TypeError);
  assert.rejects(() => sign(new Uint8Array(32), utf8('x')), RangeError);
});
