// The page's own-transaction module against the vectors the gateway's Rust test builds and
// signs with k256 (tx-vectors.json): the page reads the prepared transaction back, computes
// the same sign document and signature, and refuses a transaction it was not asked for.
// Run: node --test gateway/web/test/

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { webcrypto } from 'node:crypto';

import { fromBase64, fromHex, toBase64, utf8 } from '../js/bytes.js';
import { bytesField, fields, varint } from '../js/protobuf.js';
import { TxError, checkOwnSend, minorUnits, readFee, signDocBytes, signPrepared } from '../js/tx.js';

globalThis.crypto ??= webcrypto;

const file = JSON.parse(await readFile(new URL('./tx-vectors.json', import.meta.url), 'utf8'));

/** A vector as `POST /api/me/transactions/prepare` answers it. */
function prepared(v) {
  return {
    body_bytes: v.body_bytes,
    auth_info_bytes: v.auth_info_bytes,
    chain_id: v.chain_id,
    account_number: v.account_number,
    sequence: v.sequence,
    gas_limit: v.gas_limit,
    fee: `${v.fee_amount}stake`,
  };
}

test('varints are written as protobuf writes them', () => {
  assert.deepEqual(Array.from(varint(0)), [0]);
  assert.deepEqual(Array.from(varint(300)), [0xac, 0x02]);
  assert.deepEqual(Array.from(varint(2n ** 63n)), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  assert.deepEqual(fields(Uint8Array.of(0x08, 0xac, 0x02)), [[1, 300n]]);
  assert.throws(() => fields(Uint8Array.of(0x0a, 0x05, 1)), RangeError);
  assert.throws(() => fields(Uint8Array.of(0x0d, 0, 0, 0, 0)), RangeError);
});

for (const v of file.vectors) {
  const [name] = Object.keys(v.action);
  test(`${name} vector: the page reads what it signs and signs what k256 does`, async () => {
    const p = prepared(v);
    const read = checkOwnSend(p, v.address, v.action);
    assert.equal(read.call.contract, v.token);
    assert.equal(read.call.msg.send.contract, v.bank);
    assert.equal(readFee(fromBase64(v.auth_info_bytes)).gasLimit, BigInt(v.gas_limit));
    assert.deepEqual(readFee(fromBase64(v.auth_info_bytes)).amount, [{ denom: 'stake', amount: v.fee_amount }]);
    const doc = signDocBytes({
      bodyBytes: fromBase64(v.body_bytes),
      authInfoBytes: fromBase64(v.auth_info_bytes),
      chainId: v.chain_id,
      accountNumber: v.account_number,
    });
    assert.equal(toBase64(doc), v.sign_doc);
    const signed = await signPrepared(fromHex(v.private_key_hex), p);
    assert.deepEqual(signed, { body_bytes: v.body_bytes, auth_info_bytes: v.auth_info_bytes, signature: v.signature });
  });
}

test('a transaction other than the one asked for is refused before signing', () => {
  const v = file.vectors.find((x) => x.action.prepay);
  const p = prepared(v);
  const refuse = (address, action, pattern) => assert.throws(
    () => checkOwnSend(p, address, action),
    (e) => e instanceof TxError && e.code === 'page.unexpected_transaction' && pattern.test(e.message),
  );
  refuse('wasm1someoneelse', v.action, /not from you/);
  refuse(v.address, { prepay: { amount: '2501' } }, /not the 2501 you asked for/);
  refuse(v.address, { request_redemption: { amount: '2500', payout_account: 'X' } }, /asks the bank for/);

  // A second message appended to the body the gateway prepared.
  const body = fromBase64(v.body_bytes);
  const [[, message]] = fields(body);
  const doubled = { ...p, body_bytes: toBase64(new Uint8Array([...body, ...bytesField(1, message)])) };
  assert.throws(() => checkOwnSend(doubled, v.address, v.action), /2 messages/);
  // A memo is harmless and still read.
  const memo = { ...p, body_bytes: toBase64(new Uint8Array([...body, ...bytesField(2, utf8('hi'))])) };
  assert.equal(checkOwnSend(memo, v.address, v.action).body.memo, 'hi');
});

test('typed amounts become minor units', () => {
  assert.equal(minorUnits('25', 2), '2500');
  assert.equal(minorUnits(' 25.5 ', 2), '2550');
  assert.equal(minorUnits('0,07', 2), '7');
  assert.equal(minorUnits('12.50', 2), '1250');
  for (const bad of ['', 'abc', '1.234', '0', '0.00', '-3', '1e3']) {
    assert.throws(() => minorUnits(bad, 2), TxError, bad);
  }
});
