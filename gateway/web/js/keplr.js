// A Keplr-compatible browser wallet (Keplr, and the wallets that inject the same
// `window.keplr` interface): the participant's key stays in the wallet, which signs the
// gateway's sign-in challenge (`signArbitrary`, ADR-036: the document the gateway checks)
// and her own transactions (`signDirect`, SIGN_MODE_DIRECT). The page still reads back what
// it asks the wallet to sign, and refuses a signed transaction the wallet changed.

import { fromBase64, toBase64 } from './bytes.js';
import { readFee } from './tx.js';

/** The page's codes for what goes wrong with the wallet. */
export const codes = {
  /** No wallet in this browser, or none for this chain. */
  NO_WALLET: 'page.no_wallet',
  /** The wallet signed something else than it was asked to. */
  WALLET_CHANGED: 'page.wallet_changed_transaction',
};

/** A failure with the wallet, with one of `codes`. */
export class WalletError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'WalletError';
    this.code = code;
  }
}

/** The wallet the page can use, or null. */
export function wallet(scope = globalThis) {
  const keplr = scope.keplr;
  return keplr && typeof keplr.signArbitrary === 'function' && typeof keplr.signDirect === 'function'
    ? keplr
    : null;
}

/**
 * The wallet's account on `chainId`: `{address, publicKey}` (33 bytes, compressed). With
 * `chainInfo` (the gateway's `/api/wallet/chain`), a wallet that can add chains is offered
 * this one first; it asks its user, and does nothing for a chain it knows.
 */
export async function walletAccount(keplr, chainId, chainInfo = null) {
  try {
    if (chainInfo && typeof keplr.experimentalSuggestChain === 'function') {
      await keplr.experimentalSuggestChain(chainInfo);
    }
    await keplr.enable(chainId);
    const key = await keplr.getKey(chainId);
    return { address: key.bech32Address, publicKey: key.pubKey };
  } catch (e) {
    throw new WalletError(codes.NO_WALLET, `the wallet has no account on chain ${chainId} (${e.message}): add the chain to the wallet, or import a key instead`);
  }
}

/** What `POST /auth/login` takes for `text` signed by the wallet as `address`. */
export async function walletSignIn(keplr, chainId, address, text) {
  const signed = await keplr.signArbitrary(chainId, address, text);
  return { address, pub_key: signed.pub_key.value, signature: signed.signature };
}

/**
 * `POST /api/me/transactions`'s body for `prepared` signed by the wallet as `address`. The
 * wallet is asked to keep the gateway's fee and memo; a body it changed is refused, a fee
 * it changed is kept (she pays it) when the transaction still has her one signer.
 */
export async function walletSignPrepared(keplr, address, prepared) {
  const response = await keplr.signDirect(prepared.chain_id, address, {
    bodyBytes: fromBase64(prepared.body_bytes),
    authInfoBytes: fromBase64(prepared.auth_info_bytes),
    chainId: prepared.chain_id,
    accountNumber: BigInt(prepared.account_number),
  }, { preferNoSetFee: true, preferNoSetMemo: true });
  const bodyBytes = toBase64(response.signed.bodyBytes);
  if (bodyBytes !== prepared.body_bytes) {
    throw new WalletError(codes.WALLET_CHANGED, 'the wallet signed another transaction than the one you checked');
  }
  const authInfoBytes = toBase64(response.signed.authInfoBytes);
  if (readFee(response.signed.authInfoBytes).signers !== 1) {
    throw new WalletError(codes.WALLET_CHANGED, 'the wallet signed a transaction with other signers');
  }
  return { body_bytes: bodyBytes, auth_info_bytes: authInfoBytes, signature: response.signature.signature };
}
