// The sign-in page: import a key (kept encrypted in localStorage), or unlock the stored one,
// and sign the gateway's challenge in the page; or have a Keplr-compatible browser wallet
// sign it. The session token is kept for this tab.

import { signIn } from './adr036.js';
import { ApiError, actionFor, call, codes as apiCodes, keepSession } from './api.js';
import { busy, say, show } from './dom.js';
import { wallet, walletAccount, walletSignIn } from './keplr.js';
import { forget, load, parsePrivateKey, save, seal, unseal } from './keys.js';

const prefix = document.querySelector('meta[name="ledger-account-prefix"]').content;
const chainId = document.querySelector('meta[name="ledger-chain-id"]').content;

/** Why a participant is refused, by the gateway's code. */
const REFUSALS = {
  [apiCodes.NOT_A_PARTICIPANT]: 'This key is not a registered participant of the ledger. Ask the administrator to register its address.',
  [apiCodes.SUSPENDED]: 'Your participation is suspended by the administrator. Contact the administrator to have it restored.',
  [apiCodes.BLACKLISTED]: 'Your address is blacklisted. You cannot sign in while it is.',
};

function showRefusal(code, detail) {
  document.getElementById('refusal-text').textContent = `${REFUSALS[code] ?? 'The gateway refused you.'} (${detail ?? code})`;
  show('refusal');
}

async function signInWith(privateKey, address) {
  say('Asking the gateway for a challenge…');
  const { challenge } = await call('/auth/challenge', { method: 'POST', body: { address } });
  say('Signing the challenge in this page…');
  const signed = await signIn(privateKey, address, challenge);
  privateKey.fill(0);
  const login = await call('/auth/login', { method: 'POST', body: signed });
  keepSession(sessionStorage, login);
  window.location.assign('/cabinet');
}

/** The chain's settings for the wallet, or null when the gateway offers none. */
async function chainInfo() {
  try {
    return await call('/api/wallet/chain');
  } catch (e) {
    if (e instanceof ApiError && e.code === apiCodes.NO_WALLET_SETTINGS) return null;
    throw e;
  }
}

/** Signs in with the browser wallet: it signs the challenge, the key never leaves it. */
async function signInWithWallet(keplr) {
  say('Asking your wallet for its account…');
  const { address } = await walletAccount(keplr, chainId, await chainInfo());
  const { challenge } = await call('/auth/challenge', { method: 'POST', body: { address } });
  say('Approve the sign-in in your wallet…');
  const signed = await walletSignIn(keplr, chainId, address, challenge);
  const login = await call('/auth/login', { method: 'POST', body: signed });
  keepSession(sessionStorage, { ...login, wallet: 'keplr', chain_id: chainId });
  window.location.assign('/cabinet');
}

function report(error) {
  if (error instanceof ApiError && actionFor(error.code) === 'refused') {
    say('');
    showRefusal(error.code, error.message);
  } else if (error instanceof ApiError && error.code === apiCodes.RATE_LIMITED) {
    say('Too many sign-in attempts from here: wait a minute and try again.', true);
  } else {
    say(error.message, true);
  }
}

function render() {
  let stored = null;
  try {
    stored = load(localStorage);
  } catch (e) {
    say(e.message, true);
  }
  show('unlock', stored !== null);
  show('import', stored === null);
  if (stored) {
    document.getElementById('stored-address').textContent = stored.address;
    document.getElementById('unlock-passphrase').focus();
  }
}

document.getElementById('import-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form, async () => {
    try {
      const key = parsePrivateKey(form.elements.key.value);
      if (form.elements.passphrase.value !== form.elements.confirm.value) {
        say('The two passphrases differ.', true);
        return;
      }
      say('Encrypting the key…');
      const sealed = await seal(key, form.elements.passphrase.value, prefix);
      save(localStorage, sealed);
      form.reset();
      render();
      await signInWith(key, sealed.address);
    } catch (e) {
      report(e);
    }
  });
});

document.getElementById('unlock-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form, async () => {
    try {
      const sealed = load(localStorage);
      say('Unlocking the key…');
      const key = await unseal(sealed, form.elements.passphrase.value);
      form.reset();
      await signInWith(key, sealed.address);
    } catch (e) {
      report(e);
    }
  });
});

document.getElementById('wallet-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const keplr = wallet();
  if (!keplr) {
    say('The wallet is gone from this browser.', true);
    return;
  }
  busy(event.currentTarget, () => signInWithWallet(keplr).catch(report));
});

document.getElementById('forget-form').addEventListener('submit', (event) => {
  event.preventDefault();
  forget(localStorage);
  say('The key is forgotten: this browser no longer holds it.');
  render();
});

// The cabinet sends people back here with the refusal's code, or after a session ended.
const params = new URLSearchParams(window.location.search);
if (params.get('refused')) showRefusal(params.get('refused'));
if (params.get('ended')) say('Your session ended: sign in again.');
render();
// Wallets inject themselves while the page loads: look again once it has.
show('wallet-signin', wallet() !== null);
window.addEventListener('load', () => show('wallet-signin', wallet() !== null));
