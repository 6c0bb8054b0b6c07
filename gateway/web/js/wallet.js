// The participant's own transactions from the cabinet: her key, kept encrypted in this
// browser, is unlocked with her passphrase for one signature and wiped after it; the
// gateway prepares the transaction, the page checks it is what she asked for, signs it and
// hands it back to be broadcast.

import { toBase64 } from './bytes.js';
import { KeyError, codes as keyCodes, load, unseal } from './keys.js';
import { publicKey } from './secp256k1.js';
import { current, send } from './session.js';
import { checkOwnSend, signPrepared } from './tx.js';

/**
 * Signs and submits `action` ({prepay: {amount}} or {request_redemption: {amount,
 * payout_account}}) with the key stored in this browser; `progress(text)` hears each step.
 * Resolves to the receipt `{tx_hash, height}`.
 */
export async function signOwn(action, passphrase, progress) {
  const sealed = load(localStorage);
  if (!sealed || sealed.address !== current.address) {
    throw new KeyError(keyCodes.NO_KEY, 'this browser holds no key of the signed-in account: sign out and sign in with it');
  }
  const privateKey = await unseal(sealed, passphrase);
  try {
    progress('Preparing the transaction…');
    const prepared = await send('POST', '/api/me/transactions/prepare', {
      public_key: toBase64(publicKey(privateKey)),
      action,
    });
    checkOwnSend(prepared, current.address, action);
    progress(`Signing (fee ${prepared.fee || 'none'})…`);
    const signed = await signPrepared(privateKey, prepared);
    progress('Waiting for the block…');
    return await send('POST', '/api/me/transactions', signed);
  } finally {
    privateKey.fill(0);
  }
}
