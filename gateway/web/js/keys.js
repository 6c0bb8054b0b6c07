// The signing key kept in the browser: a hex private key, stored only encrypted in
// localStorage (PBKDF2-SHA256 from the passphrase, AES-GCM), decrypted in memory to sign a
// challenge, and never sent anywhere.

import { accountOf } from './adr036.js';
import { fromBase64, fromHex, toBase64, utf8 } from './bytes.js';
import { scalarOf } from './secp256k1.js';

/** The localStorage entry holding the encrypted key. */
export const STORAGE_KEY = 'ledger.key';
/** PBKDF2 rounds: slow enough to make guessing a passphrase from a stolen entry costly. */
export const ITERATIONS = 310000;

/** A refusal the page acts on by `code`. */
export class KeyError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'KeyError';
    this.code = code;
  }
}

/** Codes of KeyError. */
export const codes = {
  NOT_A_KEY: 'keys.not_a_key',
  WEAK_PASSPHRASE: 'keys.weak_passphrase',
  WRONG_PASSPHRASE: 'keys.wrong_passphrase',
  NO_KEY: 'keys.no_key',
  UNREADABLE: 'keys.unreadable',
};

/** The 32 bytes of a hex private key as `wasmd keys export --unarmored-hex` prints it. */
export function parsePrivateKey(hex) {
  let key;
  try {
    key = fromHex(hex);
    scalarOf(key);
  } catch (e) {
    throw new KeyError(codes.NOT_A_KEY, `not a secp256k1 private key of 64 hex digits (${e.message})`);
  }
  return key;
}

async function aesKey(passphrase, salt, iterations) {
  const material = await globalThis.crypto.subtle.importKey(
    'raw', utf8(passphrase), 'PBKDF2', false, ['deriveKey'],
  );
  return globalThis.crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * The stored form of `privateKey` under `passphrase`: the address in the clear (to show
 * whose key it is before unlocking) and bound to the ciphertext as associated data.
 */
export async function seal(privateKey, passphrase, prefix) {
  if (passphrase.length < 8) {
    throw new KeyError(codes.WEAK_PASSPHRASE, 'the passphrase needs at least 8 characters');
  }
  const { address } = await accountOf(privateKey, prefix);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await aesKey(passphrase, salt, ITERATIONS);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(address) }, key, privateKey,
  );
  return {
    version: 1,
    address,
    kdf: { name: 'PBKDF2-SHA256', iterations: ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-256-GCM', iv: toBase64(iv) },
    ciphertext: toBase64(new Uint8Array(ciphertext)),
  };
}

/** The private key of a stored entry; a wrong passphrase fails AES-GCM's tag check. */
export async function unseal(sealed, passphrase) {
  const key = await aesKey(passphrase, fromBase64(sealed.kdf.salt), sealed.kdf.iterations);
  let plain;
  try {
    plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.cipher.iv), additionalData: utf8(sealed.address) },
      key,
      fromBase64(sealed.ciphertext),
    );
  } catch {
    throw new KeyError(codes.WRONG_PASSPHRASE, 'the passphrase does not unlock this key');
  }
  return new Uint8Array(plain);
}

/** The stored entry of `storage` (localStorage in a page), or null. */
export function load(storage) {
  const text = storage.getItem(STORAGE_KEY);
  if (text === null) return null;
  try {
    const sealed = JSON.parse(text);
    if (sealed.version !== 1 || typeof sealed.address !== 'string') throw new Error('unknown form');
    return sealed;
  } catch (e) {
    throw new KeyError(codes.UNREADABLE, `the stored key cannot be read (${e.message}); forget it and import it again`);
  }
}

/** Stores `sealed`, replacing any key stored before. */
export function save(storage, sealed) {
  storage.setItem(STORAGE_KEY, JSON.stringify(sealed));
}

/** Removes the stored key for good. */
export function forget(storage) {
  storage.removeItem(STORAGE_KEY);
}
