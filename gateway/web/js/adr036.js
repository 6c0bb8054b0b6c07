// ADR-036 off-chain signatures, byte for byte as the gateway's `auth::adr036` builds and
// checks them: the amino JSON sign document of one `sign/MsgSignData`, signed with
// secp256k1 over SHA-256.

import { ripemd160 } from './ripemd160.js';
import { encode } from './bech32.js';
import { sha256, toBase64, utf8 } from './bytes.js';
import { publicKey, sign } from './secp256k1.js';

/**
 * The sign document's text: sorted keys, no whitespace, chain id "", account number and
 * sequence "0", no fee (the key order below is the sorted order).
 */
export function signDoc(signer, data) {
  return JSON.stringify({
    account_number: '0',
    chain_id: '',
    fee: { amount: [], gas: '0' },
    memo: '',
    msgs: [{ type: 'sign/MsgSignData', value: { data: toBase64(data), signer } }],
    sequence: '0',
  });
}

/** The bech32 account address (`prefix`) of a 33-byte compressed public key. */
export async function addressOf(compressedPublicKey, prefix) {
  return encode(prefix, ripemd160(await sha256(compressedPublicKey)));
}

/** The account of a private key: its compressed public key and its address. */
export async function accountOf(privateKey, prefix) {
  const pub = publicKey(privateKey);
  return { publicKey: pub, address: await addressOf(pub, prefix) };
}

/**
 * What `POST /auth/login` takes for `text` signed by `privateKey` as `address`:
 * `{address, pub_key, signature}`, key and signature in base64.
 */
export async function signIn(privateKey, address, text) {
  const pub = publicKey(privateKey);
  const signature = await sign(privateKey, utf8(signDoc(address, utf8(text))));
  return { address, pub_key: toBase64(pub), signature: toBase64(signature) };
}
