// The cabinet's helpers: the key kept encrypted, the API wrapper's refusals by code, and
// amounts rendered as the CLI renders them, and what a prepaid balance covers.
// Run: node --test gateway/web/test/

import assert from 'node:assert/strict';
import test from 'node:test';
import { webcrypto } from 'node:crypto';

import { ApiError, actionFor, call, codes as apiCodes, fetchFile, withQuery } from '../js/api.js';
import { meterList, spanQuery, utcMinute } from '../js/inputs.js';
import { componentRows } from '../js/prices.js';
import { oneAtATime } from '../js/redraw.js';
import { firstOpenSlot, gateCloses, slotStart } from '../js/slots.js';
import { fromHex, toBase64, toHex } from '../js/bytes.js';
import { WalletError, codes as walletCodes, wallet, walletAccount, walletSignIn, walletSignPrepared } from '../js/keplr.js';
import { layout } from '../js/chart.js';
import { pauseText, queryRequest } from '../js/contract-text.js';
import { flowSteps, hopCheck } from '../js/flow.js';
import { concerns, parseEvents } from '../js/live.js';
import { WARN_DAYS, forecast } from '../js/forecast.js';
import { datetime, kindName, kwh, lineQuantity, linePrice, money } from '../js/format.js';
import { ITERATIONS, KeyError, STORAGE_KEY, codes, forget, load, parsePrivateKey, save, seal, unseal } from '../js/keys.js';

// Node 18 (Debian bookworm's) has WebCrypto but not as a global, as browsers and Node 20 do.
globalThis.crypto ??= webcrypto;

/** localStorage's interface over a Map. */
class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) { this.items.set(k, String(v)); }
  removeItem(k) { this.items.delete(k); }
}

const HEX = '0707070707070707070707070707070707070707070707070707070707070707';

test('a key is stored encrypted, unlocks with its passphrase only, and can be forgotten', async () => {
  const storage = new MemoryStorage();
  const key = parsePrivateKey(HEX);
  const sealed = await seal(key, 'correct horse battery', 'wasm');
  assert.equal(sealed.address, 'wasm150rtrmj2f8vl9tem8qpfw36ylw5jg9j2elmusj');
  assert.ok(sealed.kdf.iterations >= 200000 && sealed.kdf.iterations === ITERATIONS);
  save(storage, sealed);
  const stored = storage.getItem(STORAGE_KEY);
  assert.ok(!stored.includes(HEX) && !stored.includes('0707'), 'the key is stored in the clear');
  assert.equal(toHex(await unseal(load(storage), 'correct horse battery')), HEX);
  await assert.rejects(unseal(load(storage), 'wrong horse battery'), (e) => e.code === codes.WRONG_PASSPHRASE);
  // Salt and IV are fresh each time: the same key and passphrase seal differently.
  const again = await seal(key, 'correct horse battery', 'wasm');
  assert.notEqual(again.kdf.salt, sealed.kdf.salt);
  assert.notEqual(again.ciphertext, sealed.ciphertext);
  // The address is bound to the ciphertext: an entry relabelled to another address fails.
  await assert.rejects(unseal({ ...sealed, address: 'wasm1other' }, 'correct horse battery'), KeyError);
  forget(storage);
  assert.equal(load(storage), null);
});

test('only 32-byte keys in 1..n-1 and passphrases of 8 characters are taken', async () => {
  for (const bad of ['', 'zz', HEX.slice(2), '00'.repeat(32)]) {
    assert.throws(() => parsePrivateKey(bad), (e) => e.code === codes.NOT_A_KEY, bad);
  }
  assert.deepEqual(parsePrivateKey(` 0x${HEX} `), fromHex(HEX));
  await assert.rejects(seal(fromHex(HEX), 'short', 'wasm'), (e) => e.code === codes.WEAK_PASSPHRASE);
  const storage = new MemoryStorage();
  storage.setItem(STORAGE_KEY, '{not json');
  assert.throws(() => load(storage), (e) => e.code === codes.UNREADABLE);
});

function answering(status, body) {
  return async (path, init) => ({
    ok: status >= 200 && status < 300,
    status,
    seen: { path, init },
    json: async () => {
      if (typeof body === 'string') throw new SyntaxError('not JSON');
      return body;
    },
  });
}

test('the API wrapper sends the token and turns refusals into coded errors', async () => {
  let seen;
  const fetcher = async (path, init) => {
    seen = { path, init };
    return answering(200, { items: [], has_more: false })(path, init);
  };
  assert.deepEqual(await call('/api/meters', { token: 't0k', fetcher }), { items: [], has_more: false });
  assert.equal(seen.init.headers.Authorization, 'Bearer t0k');
  const refused = call('/api/me', { token: 'old', fetcher: answering(401, { code: 'gateway.unauthenticated', message: 'expired' }) });
  await assert.rejects(refused, (e) => e instanceof ApiError && e.code === apiCodes.UNAUTHENTICATED && e.status === 401);
  await assert.rejects(call('/x', { fetcher: answering(502, 'Bad Gateway') }), (e) => e.code === apiCodes.UNREACHABLE);
  await assert.rejects(call('/x', { fetcher: async () => { throw new TypeError('offline'); } }), (e) => e.code === apiCodes.UNREACHABLE);
});

test('a file download keeps its name and turns refusals into coded errors', async () => {
  let seen;
  const file = async (path, init) => {
    seen = { path, init };
    return {
      ok: true,
      status: 200,
      headers: new Headers({ 'Content-Disposition': 'attachment; filename="readings-m-1-period-7.xlsx"' }),
      blob: async () => new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]),
    };
  };
  const got = await fetchFile('/api/exports/readings.xlsx?meter=m-1&period=7', { token: 't0k', fetcher: file });
  assert.equal(got.fileName, 'readings-m-1-period-7.xlsx');
  assert.equal(got.blob.size, 4);
  assert.equal(seen.init.headers.Authorization, 'Bearer t0k');
  const refused = fetchFile('/api/exports/bills.xlsx', { fetcher: answering(403, { code: 'gateway.forbidden', message: 'not yours' }) });
  await assert.rejects(refused, (e) => e instanceof ApiError && e.code === 'gateway.forbidden' && e.status === 403);
  await assert.rejects(fetchFile('/x', { fetcher: answering(502, 'Bad Gateway') }), (e) => e.code === apiCodes.UNREACHABLE);
});

test('a readings span is a period number or a month, and meter lists split on commas or spaces', () => {
  assert.deepEqual(spanQuery(' 12 '), { period: 12 });
  assert.deepEqual(spanQuery('2026-11'), { month: '2026-11' });
  for (const bad of ['', '2026-13', '2026-1', 'november', '-3', '1.5', '12345678901']) {
    assert.equal(spanQuery(bad), null, bad);
  }
  assert.deepEqual(meterList(' m-1, m-2  m-3,,'), ['m-1', 'm-2', 'm-3']);
  assert.deepEqual(meterList('  '), []);
});

test('a tariff version reads component by component, as the CLI lists it', () => {
  const rows = componentRows({
    fixed_charge: '500',
    flat_rate_per_mwh: null,
    tiers: [{ up_to_wh: 200000, price_per_mwh: '20000' }, { up_to_wh: null, price_per_mwh: '30000' }],
    time_of_use: { bands: [{ name: 'off-peak', price_per_mwh: '1000' }, { name: 'peak', price_per_mwh: '5000' }], weekday: [], weekend: [] },
    demand_charge_per_kw: '350',
    minimum_charge: null,
    tax_bps: 2000,
  });
  assert.deepEqual(rows, [
    ['Fixed charge', '5.00 per period'],
    ['Tier 1, 0.000 to 200.000 kWh', '0.20000/kWh'],
    ['Tier 2, above 200.000 kWh', '0.30000/kWh'],
    ['Time of use, off-peak', '0.01000/kWh'],
    ['Time of use, peak', '0.05000/kWh'],
    ['Demand', "3.50/kW of the period's peak"],
    ['Tax', '20.00%'],
  ]);
  assert.deepEqual(componentRows({ flat_rate_per_mwh: '25000', tiers: [], time_of_use: null, tax_bps: null }),
    [['Flat rate', '0.25000/kWh']]);
});

test('pages act on refusal codes, never on their words', () => {
  assert.equal(actionFor('gateway.unauthenticated'), 'sign_in');
  for (const code of ['gateway.blacklisted', 'gateway.suspended', 'gateway.not_a_participant']) {
    assert.equal(actionFor(code), 'refused');
  }
  assert.equal(actionFor('gateway.forbidden'), 'show');
  assert.equal(actionFor('admin.meter_not_found'), 'show');
  assert.equal(withQuery('/api/meters', { start_after: 'm 1', limit: 20, owner: undefined }), '/api/meters?start_after=m+1&limit=20');
});

test('amounts read as the CLI prints them', () => {
  assert.equal(money('1234'), '12.34');
  assert.equal(money('5'), '0.05');
  assert.equal(money('340282366920938463463374607431768211455'), '3402823669209384634633746074317682114.55');
  assert.equal(kwh(250000), '250.000');
  assert.equal(kwh(12345), '12.345');
  assert.equal(kindName('{"tier":{"index":0}}'), 'tier');
  assert.equal(lineQuantity('flat_rate', 1500), '1.500 kWh');
  assert.equal(lineQuantity('demand', 3000), '3.000 kW');
  assert.equal(lineQuantity('fixed_charge', 1), '1');
  assert.equal(linePrice('{"time_of_use":{"band":1}}', '23450'), '0.23450/kWh');
  assert.equal(linePrice('demand', '250'), '2.50/kW');
  assert.equal(linePrice('fixed_charge', '900'), '9.00');
  assert.equal(datetime(1700000000), '2023-11-14 22:13:20 UTC');
});

test('the forecast pays unpaid instalments in due order and says when the balance runs out', () => {
  const now = 1_800_000_000;
  const day = 86_400;
  const i = (id, due, amount, paid, status) => ({ id, due, amount, paid, status });
  const instalments = [
    i(3, now + 40 * day, '3000', '0', 'open'),
    i(1, now - day, '1000', '1000', 'paid'),
    i(2, now + 10 * day, '2000', '500', 'open'),
    i(4, now + 5 * day, '900', '0', 'superseded'),
  ];
  // 1500 still owed on #2, then 3000 on #3.
  assert.deepEqual(forecast(instalments, '4500', now), { covered: 2, runsOutAt: null, shortfall: '0', warn: false });
  assert.deepEqual(forecast(instalments, '4499', now), { covered: 1, runsOutAt: now + 40 * day, shortfall: '1', warn: false });
  assert.deepEqual(forecast(instalments, '1000', now), { covered: 0, runsOutAt: now + 10 * day, shortfall: '500', warn: true });
  // An overdue instalment the balance cannot pay is a warning now.
  const overdue = [i(5, now - 3 * day, '700', '0', 'overdue')];
  assert.equal(forecast(overdue, '0', now).warn, true);
  // Exactly WARN_DAYS ahead still warns; a second later does not.
  const edge = [i(6, now + WARN_DAYS * day, '1', '0', 'open')];
  assert.equal(forecast(edge, '0', now).warn, true);
  assert.equal(forecast(edge, '0', now - 1).warn, false);
  assert.deepEqual(forecast([], '0', now), { covered: 0, runsOutAt: null, shortfall: '0', warn: false });
});

test('chart bars scale to the tallest and share the width', () => {
  const bars = layout([0, 5, 10], 30, 100, 2);
  assert.deepEqual(bars.map((b) => b.height), [0, 50, 100]);
  assert.deepEqual(bars.map((b) => b.y), [100, 50, 0]);
  assert.deepEqual(bars.map((b) => b.x), [1, 11, 21]);
  assert.ok(bars.every((b) => b.width === 8));
  assert.deepEqual(layout([0, 0], 10, 50).map((b) => b.height), [0, 0]);
  assert.deepEqual(layout([], 10, 50), []);
});

test('server-sent events are read block by block, an unfinished one kept for later', () => {
  const text = ': keep-alive\n\nevent: ready\ndata: {"height":3,"contracts":[]}\n\n'
    + 'event: indexed\ndata: {"height":4,\ndata: "contracts":["bank"]}\n\nevent: ind';
  const { events, rest } = parseEvents(text);
  assert.deepEqual(events, [
    { name: 'ready', data: '{"height":3,"contracts":[]}' },
    { name: 'indexed', data: '{"height":4,\n"contracts":["bank"]}' },
  ]);
  assert.equal(rest, 'event: ind');
  assert.deepEqual(JSON.parse(events[1].data).contracts, ['bank']);
});

test('a Keplr-compatible wallet signs the sign-in and her transactions; a changed body is refused', async () => {
  const prepared = {
    body_bytes: toBase64(new Uint8Array([10, 1, 2])),
    // AuthInfo with one signer info (field 1) and a fee (field 2).
    auth_info_bytes: toBase64(new Uint8Array([10, 0, 18, 0])),
    chain_id: 'ledger-test',
    account_number: 7,
  };
  const asked = [];
  const keplr = {
    enable: async (chainId) => { asked.push(['enable', chainId]); },
    getKey: async () => ({ bech32Address: 'wasm1her', pubKey: new Uint8Array(33).fill(2) }),
    signArbitrary: async (chainId, signer, data) => {
      asked.push(['signArbitrary', chainId, signer, data]);
      return { pub_key: { type: 'tendermint/PubKeySecp256k1', value: 'PUB' }, signature: 'SIG' };
    },
    signDirect: async (chainId, signer, doc, options) => {
      asked.push(['signDirect', chainId, signer, doc.accountNumber, options.preferNoSetFee]);
      return { signed: doc, signature: { signature: 'TXSIG' } };
    },
  };
  assert.equal(wallet({ keplr }), keplr);
  assert.equal(wallet({}), null);
  assert.deepEqual(await walletAccount(keplr, 'ledger-test'), { address: 'wasm1her', publicKey: new Uint8Array(33).fill(2) });
  assert.deepEqual(await walletSignIn(keplr, 'ledger-test', 'wasm1her', 'challenge text'),
    { address: 'wasm1her', pub_key: 'PUB', signature: 'SIG' });
  assert.deepEqual(await walletSignPrepared(keplr, 'wasm1her', prepared),
    { body_bytes: prepared.body_bytes, auth_info_bytes: prepared.auth_info_bytes, signature: 'TXSIG' });
  assert.deepEqual(asked.at(-1), ['signDirect', 'ledger-test', 'wasm1her', 7n, true]);
  assert.deepEqual(asked[1], ['signArbitrary', 'ledger-test', 'wasm1her', 'challenge text']);

  const changing = { ...keplr, signDirect: async (c, s, doc) => ({ signed: { ...doc, bodyBytes: new Uint8Array([10, 1, 3]) }, signature: { signature: 'X' } }) };
  await assert.rejects(walletSignPrepared(changing, 'wasm1her', prepared), (e) => e instanceof WalletError && e.code === walletCodes.WALLET_CHANGED);
  const absent = { ...keplr, enable: async () => { throw new Error('There is no chain info for ledger-test'); } };
  await assert.rejects(walletAccount(absent, 'ledger-test'), (e) => e.code === walletCodes.NO_WALLET && e.message.includes('ledger-test'));
});

test('redraws run one at a time, and a call during one runs once more after it', async () => {
  let active = 0;
  let most = 0;
  let runs = 0;
  const release = [];
  const redraw = oneAtATime(async () => {
    active += 1;
    most = Math.max(most, active);
    runs += 1;
    await new Promise((resolve) => release.push(resolve));
    active -= 1;
  });
  const first = redraw();
  const second = redraw();
  const third = redraw();
  assert.equal(second, third, 'calls during a run share the one after it');
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(runs, 1);
  release.shift()();
  await first;
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(runs, 2);
  release.shift()();
  await second;
  assert.equal(most, 1, 'never two at once');
  assert.equal(runs, 2);
  // A failed run does not stop the next.
  const failing = oneAtATime(async () => { throw new Error('node down'); });
  await assert.rejects(failing(), /node down/);
  await assert.rejects(failing(), /node down/);
});

test('a draft reads as its chain of holders, each hop with the bank\'s reconciliation in words', () => {
  const hop = (index, from, to, check, extra = {}) => ({
    index, label: `holder ${index + 1}`, from, to, value: '300000', release: '0',
    serial: check === 'not_endorsed' ? null : `T-${index}`,
    endorsed_at: check === 'not_endorsed' ? null : 1_700_000_100, check, disagreements: [], ...extra,
  });
  const draft = {
    issuer: 'wasm1issuer', holder: 'wasm1me', endorsed: 2,
    hops: [
      hop(0, 'wasm1issuer', 'wasm1fund', 'reconciled'),
      hop(1, 'wasm1fund', 'wasm1me', 'mismatch', { disagreements: [{ field: 'amount', endorsed: '300000', bank: '290000' }] }),
      hop(2, 'wasm1me', 'wasm1unit', 'not_endorsed'),
    ],
  };
  const steps = flowSteps(draft, 'wasm1me');
  assert.deepEqual(steps.map((s) => s.kind), ['holder', 'hop', 'holder', 'hop', 'holder', 'hop', 'holder']);
  assert.deepEqual(steps.filter((s) => s.kind === 'holder').map((s) => [s.who, s.here]),
    [['wasm1issuer', false], ['wasm1fund', false], ['you', true], ['wasm1unit', false]]);
  assert.equal(steps[1].text, 'reconciled with the bank');
  assert.equal(steps[1].serial, 'T-0');
  assert.equal(steps[3].text, "the bank's record disagrees: amount 3000.00 endorsed, 2900.00 at the bank");
  assert.equal(steps[3].className, 'mismatch');
  assert.equal(steps[5].text, 'not endorsed yet');
  assert.equal(hopCheck({ check: 'missing_bank_record' }).text, "awaiting the bank's record");
  assert.equal(hopCheck({ check: 'mismatch', disagreements: [{ field: 'payee', endorsed: 'wasm1a', bank: 'wasm1b' }] }).text,
    "the bank's record disagrees: payee wasm1a endorsed, wasm1b at the bank");
  // A draft no one has endorsed yet is with its issuer.
  const fresh = flowSteps({ ...draft, holder: 'wasm1issuer', endorsed: 0, hops: [hop(0, 'wasm1issuer', 'wasm1fund', 'not_endorsed')] }, 'wasm1me');
  assert.deepEqual(fresh.filter((s) => s.kind === 'holder').map((s) => s.here), [true, false]);
});

test('a wallet that can add chains is offered the gateway\'s chain before it is asked for the account', async () => {
  const asked = [];
  const known = new Set();
  const keplr = {
    experimentalSuggestChain: async (info) => { asked.push(['suggest', info.chainId]); known.add(info.chainId); },
    enable: async (chainId) => {
      asked.push(['enable', chainId]);
      if (!known.has(chainId)) throw new Error(`There is no chain info for ${chainId}`);
    },
    getKey: async () => ({ bech32Address: 'wasm1her', pubKey: new Uint8Array(33).fill(2) }),
  };
  // Without the gateway's settings, nothing is suggested and an unknown chain is refused.
  await assert.rejects(walletAccount(keplr, 'ledger-test'), (e) => e.code === walletCodes.NO_WALLET);
  assert.deepEqual(asked, [['enable', 'ledger-test']]);
  asked.length = 0;
  const account = await walletAccount(keplr, 'ledger-test', { chainId: 'ledger-test', rpc: 'https://rpc' });
  assert.equal(account.address, 'wasm1her');
  assert.deepEqual(asked, [['suggest', 'ledger-test'], ['enable', 'ledger-test']]);
  // A wallet without the call is asked for the account directly.
  const plain = { ...keplr, experimentalSuggestChain: undefined, enable: async () => {} };
  assert.equal((await walletAccount(plain, 'ledger-test', { chainId: 'ledger-test' })).address, 'wasm1her');
});

test('every element id of the pages is used once, so that labels and scripts find theirs', async () => {
  const { readFile } = await import('node:fs/promises');
  for (const page of ['cabinet.html', 'index.html']) {
    const html = await readFile(new URL(`../${page}`, import.meta.url), 'utf8');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual(twice, [], `${page} repeats ids`);
    // Every label names an element of the page.
    for (const [, target] of html.matchAll(/<label for="([^"]+)"/g)) {
      assert.ok(ids.includes(target), `${page}: a label for the missing #${target}`);
    }
  }
});

test('a contract\'s pause reads in words, and a query goes to the contract, meter or region asked', () => {
  assert.equal(pauseText(null, 'wasm1me'), 'no emergency pause');
  assert.equal(pauseText({ paused: false }, 'wasm1me'), 'running');
  assert.equal(
    pauseText({ paused: true, by: 'wasm1me', since: 1700000000, reason: 'reconciling' }, 'wasm1me'),
    'paused since 2023-11-14 22:13:20 UTC by you: reconciling',
  );
  assert.equal(pauseText({ paused: true, by: 'wasm1g', since: null, reason: null }, 'wasm1me'), 'paused by wasm1g');

  assert.deepEqual(queryRequest('bank', { text: '{"totals":{}}' }), ['/api/contracts/bank/query', { totals: {} }]);
  assert.deepEqual(
    queryRequest('meter', { meterId: ' m-1 ', region: 'region-1', text: '{"config":{}}' }),
    ['/api/contracts/meter/query?meter=m-1', { config: {} }],
  );
  assert.deepEqual(
    queryRequest('endpoint', { region: 'region-1', text: '{"channel":{}}' }),
    ['/api/contracts/endpoint/query?region=region-1', { channel: {} }],
  );
  assert.throws(() => queryRequest('bank', { text: '{totals}' }), SyntaxError);
});

test('a main-chain block reloads the panels of its contracts; a regional one those that show any chain', () => {
  assert.equal(concerns(['bank', 'token'], { contracts: ['bank'] }), true);
  assert.equal(concerns(['bank', 'token'], { contracts: ['registry'] }), false);
  assert.equal(concerns(['bank'], { contracts: ['*'] }), true);
  assert.equal(concerns(['registry'], { contracts: ['registry'], region: 'region-1' }), false);
  assert.equal(concerns(['*'], { contracts: ['meter'], region: 'region-1' }), true);
});

test('the park\'s first open slot is the SDK\'s: the first whose gate closes after the lead', () => {
  const schedule = { origin: 1_000_000_200, slot_seconds: 300, gate_closure_seconds: 120, settlement_delay_seconds: 60 };
  assert.equal(slotStart(schedule, 3), 1_000_001_100);
  assert.equal(gateCloses(schedule, 3), 1_000_000_980);
  // At 1_000_000_850 + 30 s of lead, slot 3's gate (closing at ..980) is the first still open.
  assert.equal(firstOpenSlot(schedule, 1_000_000_850, 30), 3);
  // Exactly at a gate's closing, that slot is gone.
  assert.equal(firstOpenSlot(schedule, 1_000_000_950, 30), 4);
  // Before the origin, slot 0 if its gate is open, else the next.
  assert.equal(firstOpenSlot(schedule, 1_000_000_000, 0), 0);
  assert.equal(firstOpenSlot(schedule, 1_000_000_100, 0), 1);
});

test('a tariff\'s start is a UTC minute, and a date that does not exist is refused', () => {
  assert.equal(utcMinute('2027-01-01 00:00'), 1798761600);
  assert.equal(utcMinute(' 2027-01-01T06:30 '), 1798761600 + 6.5 * 3600);
  assert.equal(utcMinute('2027-02-30 10:00'), null);
  assert.equal(utcMinute('2027-01-01 24:00'), null);
  assert.equal(utcMinute('2027-01-01'), null);
  assert.equal(utcMinute('tomorrow'), null);
});
