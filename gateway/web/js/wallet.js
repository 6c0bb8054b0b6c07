// The participant's own transactions from the cabinet: the gateway prepares the
// transaction, the page checks it is what she asked for, and it is signed either by her
// browser wallet (when she signed in with one) or by her key kept encrypted in this
// browser, unlocked with her passphrase for one signature and wiped after it; the signed
// transaction goes back to be broadcast.

import { toBase64 } from './bytes.js';
import { WalletError, codes as walletCodes, wallet, walletAccount, walletSignPrepared } from './keplr.js';
import { KeyError, codes as keyCodes, load, unseal } from './keys.js';
import { publicKey } from './secp256k1.js';
import { current, send } from './session.js';
import { checkOwnSend, signPrepared } from './tx.js';

/** True when the session was opened with a browser wallet, which then signs. */
export function signsWithWallet() {
  return current?.wallet === 'keplr';
}

/** Signs and submits `action` with the browser wallet of the session. */
async function signOwnWithWallet(action, progress) {
  const keplr = wallet();
  if (!keplr) throw new WalletError(walletCodes.NO_WALLET, 'the wallet you signed in with is gone from this browser');
  const account = await walletAccount(keplr, current.chain_id);
  if (account.address !== current.address) {
    throw new WalletError(walletCodes.NO_WALLET, `the wallet's account is now ${account.address}: sign in again with it`);
  }
  progress('Preparing the transaction…');
  const prepared = await send('POST', '/api/me/transactions/prepare', {
    public_key: toBase64(account.publicKey),
    action,
  });
  checkOwnSend(prepared, current.address, action);
  progress('Approve it in your wallet…');
  const signed = await walletSignPrepared(keplr, current.address, prepared);
  progress('Waiting for the block…');
  return send('POST', '/api/me/transactions', signed);
}

/**
 * Signs and submits `action` ({prepay: {amount}} or {request_redemption: {amount,
 * payout_account}}) with the session's browser wallet, or else the key stored in this
 * browser (unlocked with `passphrase`); `progress(text)` hears each step. Resolves to the
 * receipt `{tx_hash, height}`.
 */
export async function signOwn(action, passphrase, progress) {
  if (signsWithWallet()) return signOwnWithWallet(action, progress);
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
