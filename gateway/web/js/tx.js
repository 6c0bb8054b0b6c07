// A participant's own transaction, signed in the page (SIGN_MODE_DIRECT): the gateway
// prepares it, the page reads back what it says and refuses to sign anything other than
// what she asked for, then signs the SHA-256 of the sign document with her key.

import { concat, fromBase64, toBase64 } from './bytes.js';
import { all, bytesField, fields, one, text, uintField } from './protobuf.js';
import { sign } from './secp256k1.js';

export const EXECUTE_CONTRACT = '/cosmwasm.wasm.v1.MsgExecuteContract';

/** Why the page will not sign a prepared transaction. */
export class TxError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TxError';
    this.code = 'page.unexpected_transaction';
  }
}

/** The protobuf `SignDoc` {body_bytes, auth_info_bytes, chain_id, account_number}. */
export function signDocBytes({ bodyBytes, authInfoBytes, chainId, accountNumber }) {
  return concat(
    bytesField(1, bodyBytes),
    bytesField(2, authInfoBytes),
    bytesField(3, chainId),
    uintField(4, accountNumber),
  );
}

function coin(bytes) {
  const f = fields(bytes);
  return { denom: text(one(f, 1, new Uint8Array(0))), amount: text(one(f, 2, new Uint8Array(0))) };
}

/**
 * What a `TxBody` says: its messages (contract calls decoded: sender, contract, the JSON
 * message, funds; others by type only), memo and whether it has extension options.
 */
export function readBody(bodyBytes) {
  const body = fields(bodyBytes);
  const messages = all(body, 1).map((any) => {
    const f = fields(any);
    const typeUrl = text(one(f, 1, new Uint8Array(0)));
    if (typeUrl !== EXECUTE_CONTRACT) return { typeUrl };
    const call = fields(one(f, 2, new Uint8Array(0)));
    return {
      typeUrl,
      sender: text(one(call, 1, new Uint8Array(0))),
      contract: text(one(call, 2, new Uint8Array(0))),
      msg: JSON.parse(text(one(call, 3, new Uint8Array(0)))),
      funds: all(call, 5).map(coin),
    };
  });
  return {
    messages,
    memo: text(one(body, 2, new Uint8Array(0))),
    extensions: all(body, 1023).length + all(body, 2047).length,
  };
}

/** The fee of an `AuthInfo`: `{amount: [{denom, amount}], gasLimit}` and the signers' count. */
export function readFee(authInfoBytes) {
  const auth = fields(authInfoBytes);
  const fee = fields(one(auth, 2, new Uint8Array(0)));
  return {
    amount: all(fee, 1).map(coin),
    gasLimit: one(fee, 2, 0n),
    signers: all(auth, 1).length,
  };
}

/**
 * The settlement token `Send` to the bank a prepared transaction must be for `action`
 * ({prepay: {amount}} or {request_redemption: {amount, payout_account}}) from `address`:
 * one contract call, no funds, no extensions, the amount and the hook she asked for.
 * Returns the body read back; throws TxError naming the difference otherwise.
 */
export function checkOwnSend(prepared, address, action) {
  const body = readBody(fromBase64(prepared.body_bytes));
  if (body.messages.length !== 1 || body.extensions !== 0) {
    throw new TxError(`the gateway prepared ${body.messages.length} messages, not your one`);
  }
  const [call] = body.messages;
  if (call.typeUrl !== EXECUTE_CONTRACT) throw new TxError(`the gateway prepared a ${call.typeUrl}`);
  if (call.sender !== address) throw new TxError(`the transaction is from ${call.sender}, not from you`);
  if (call.funds.length !== 0) throw new TxError('the transaction sends native funds');
  const send = call.msg?.send;
  const [name, asked] = Object.entries(action)[0];
  if (!send || send.amount !== asked.amount) {
    throw new TxError(`the transaction sends ${send?.amount ?? 'nothing'}, not the ${asked.amount} you asked for`);
  }
  const hook = JSON.parse(text(fromBase64(send.msg)));
  const expected = name === 'prepay' ? { prepay: {} } : { request_redemption: { payout_account: asked.payout_account } };
  if (JSON.stringify(hook) !== JSON.stringify(expected)) {
    throw new TxError(`the transaction asks the bank for ${JSON.stringify(hook)}, not ${JSON.stringify(expected)}`);
  }
  const fee = readFee(fromBase64(prepared.auth_info_bytes));
  if (fee.signers !== 1) throw new TxError(`the transaction has ${fee.signers} signers`);
  return { body, fee, call, hook };
}

/**
 * `POST /api/me/transactions`'s body for `prepared` signed by `privateKey`: the signature
 * (64 bytes r||s, low s) over the SHA-256 of its sign document.
 */
export async function signPrepared(privateKey, prepared) {
  const doc = signDocBytes({
    bodyBytes: fromBase64(prepared.body_bytes),
    authInfoBytes: fromBase64(prepared.auth_info_bytes),
    chainId: prepared.chain_id,
    accountNumber: prepared.account_number,
  });
  return {
    body_bytes: prepared.body_bytes,
    auth_info_bytes: prepared.auth_info_bytes,
    signature: toBase64(await sign(privateKey, doc)),
  };
}

/** A decimal string of minor units as the contracts want it, from what a person typed. */
export function minorUnits(typed, decimals) {
  const match = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(typed);
  if (!match) throw new TxError(`"${typed}" is not an amount`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) throw new TxError(`at most ${decimals} decimals`);
  const units = BigInt(match[1] + fraction.padEnd(decimals, '0'));
  if (units === 0n) throw new TxError('the amount is zero');
  return units.toString();
}
